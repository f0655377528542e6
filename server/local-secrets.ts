// Secrets for local runs, generated once into .data/secrets.json (git-ignored, mode 0600) so a
// fresh clone runs with no configuration and tokens survive a restart.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type TLocalSecrets = { JWT_SECRET: string; SECRETS_KEY: string; AUTH_SECRET: string };

/** Where local runs keep their files; DATA_DIR overrides it (read by env.ts and the launcher). */
export const DEFAULT_DATA_DIR = ".data";

function generate(): TLocalSecrets {
  return {
    JWT_SECRET: randomBytes(48).toString("base64url"),
    SECRETS_KEY: randomBytes(32).toString("base64"),
    AUTH_SECRET: randomBytes(48).toString("base64url"),
  };
}

export function loadLocalSecrets(dataDir: string): TLocalSecrets {
  const SECRETS_FILE = path.join(path.resolve(dataDir), "secrets.json");
  if (fs.existsSync(SECRETS_FILE)) return readSecrets(SECRETS_FILE);
  fs.mkdirSync(path.dirname(SECRETS_FILE), { recursive: true });
  const secrets = generate();
  try {
    // "wx": if another process won the race, use its file instead of overwriting it.
    fs.writeFileSync(SECRETS_FILE, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
    return secrets;
  } catch {
    return readSecrets(SECRETS_FILE);
  }
}

function readSecrets(file: string): TLocalSecrets {
  try {
    const s = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<TLocalSecrets>;
    if (s.JWT_SECRET && s.SECRETS_KEY && s.AUTH_SECRET) return s as TLocalSecrets;
  } catch {
    /* reported below */
  }
  throw new Error(`${file} is not a valid local secrets file: delete it to generate new secrets (sessions will end)`);
}
