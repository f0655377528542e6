import { AppError } from "../errors";
import { parseJsonText } from "../lib/parse-json-text";
import { errorResponse } from "./respond";

/** One cap for every way in: REST, tRPC, the Auth.js routes and the webhooks (withBodyLimit). */
export const MAX_BODY_BYTES = 64 * 1024;

const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `Body must be at most ${MAX_BODY_BYTES} bytes`);

/**
 * The body's bytes, refused (413) past MAX_BODY_BYTES: at once by a declared Content-Length,
 * else as soon as the stream (chunked, or lying about its length) passes the cap — reading stops
 * there, so an oversized body is never held in memory.
 */
export async function readBodyBytes(req: Request): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      // Left unread rather than cancelled: cancelling destroys the socket before the 413 is
      // sent. Unpulled, the rest waits in the kernel's buffers until the connection closes.
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** The raw body text, refused past MAX_BODY_BYTES (413). */
export async function readRawBody(req: Request): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req));
}

/**
 * For handlers that read the body themselves (tRPC's adapter, Auth.js): the request again with
 * its body read under the cap, or the 413 answer.
 */
export function withBodyLimit<C extends unknown[]>(
  handler: (req: Request, ...rest: C) => Promise<Response>,
): (req: Request, ...rest: C) => Promise<Response> {
  return async (req, ...rest) => {
    if (req.method === "GET" || req.method === "HEAD" || !req.body) return handler(req, ...rest);
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await readBodyBytes(req);
    } catch (err) {
      return errorResponse(err, { method: req.method, path: new URL(req.url).pathname });
    }
    const headers = new Headers(req.headers);
    headers.delete("transfer-encoding");
    headers.set("content-length", String(body.byteLength));
    return handler(new Request(req.url, { method: req.method, headers, body, signal: req.signal }), ...rest);
  };
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
