import { AppError } from "../errors";

export const MAX_BODY_BYTES = 64 * 1024;

/** The raw body text, refused past MAX_BODY_BYTES (413). */
export async function readRawBody(req: Request): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `Body must be at most ${MAX_BODY_BYTES} bytes`);
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `Body must be at most ${MAX_BODY_BYTES} bytes`);
  }
  return text;
}

/** JSON text → value: 400 when empty, malformed, or holding NUL (PostgreSQL text cannot). */
export function parseJsonText(text: string): unknown {
  if (text.trim() === "") throw new AppError("INVALID_JSON", "Request body is empty; expected a JSON object");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_JSON", "Request body is not valid JSON");
  }
  if (text.includes("\\u0000") || text.includes("\u0000")) {
    throw new AppError("INVALID_INPUT", "Request body contains a NUL character", { field: "body" });
  }
  return value;
}

/** The request's JSON body: 400 for a wrong content type or malformed JSON, 413 when too large. */
export async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }
  return parseJsonText(await readRawBody(req));
}

/** A JSON body that may be left out (e.g. POST …/close): none, or an empty one, is {}. */
export async function readOptionalJson(req: Request): Promise<unknown> {
  const text = await readRawBody(req);
  if (text.trim() === "") return {};
  if (!/^application\/json\s*(;|$)/i.test(req.headers.get("content-type") ?? "")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
  }
  return parseJsonText(text);
}
