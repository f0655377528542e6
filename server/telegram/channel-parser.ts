// The public entry of the Telegram channel parser; the parser itself lives in ./channel-parser/.
export { parseChannelMessage } from "./channel-parser/index";
export type { TParsedEvent, TParsedSignal, TParseResult } from "./channel-parser/index";
export { draftSignalFields } from "./channel-parser/draft";
