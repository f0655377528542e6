// JSON text as a request body carries it: the REST routes (http/read-json.ts) and the webhooks that
// verify a signature over the raw text first (signals, Telegram) parse it the same way.
import { AppError } from "../errors";

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
