// The Inngest client. The SDK reads INNGEST_DEV / INNGEST_BASE_URL / INNGEST_EVENT_KEY /
// INNGEST_SIGNING_KEY itself; without any of them jobs run in-process (server/jobs).
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "verzek-auto-trader" });
