// AES-256-GCM for secrets at rest (exchange API keys). Each ciphertext names the key that
// sealed it (key id = first 8 bytes of SHA-256 of the key), so keys can be rotated.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "../env";
import { AppError } from "../errors";

export type TSealed = { ciphertext: string; keyId: string };

function currentKey(): { key: Buffer; keyId: string } {
  const key = Buffer.from(env().SECRETS_KEY, "base64");
  return { key, keyId: createHash("sha256").update(key).digest("hex").slice(0, 16) };
}

export function seal(plaintext: string): TSealed {
  const { key, keyId } = currentKey();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(keyId));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return { ciphertext: [iv, tag, data].map((b) => b.toString("base64")).join("."), keyId };
}

export function open(sealed: TSealed): string {
  const { key, keyId } = currentKey();
  if (sealed.keyId !== keyId) {
    throw new AppError("INTERNAL", `Secret sealed with key ${sealed.keyId}, which is not the configured SECRETS_KEY`);
  }
  const [iv, tag, data] = sealed.ciphertext.split(".").map((p) => Buffer.from(p, "base64"));
  if (!iv || !tag || !data) throw new AppError("INTERNAL", "Malformed sealed secret");
  // A fixed tag length: GCM would otherwise accept a truncated (forgeable) tag.
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(keyId));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
}
