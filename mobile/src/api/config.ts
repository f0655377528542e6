// Where the platform is. EXPO_PUBLIC_* variables are inlined into the bundle at build time, so
// each must be read as a plain `process.env.NAME` expression (no destructuring).
import { z } from "zod";

export const PRODUCTION_API_URL = "https://api.verzekinnovative.com";

const ZBaseUrl = z
  .url({ protocol: /^https?$/, error: "EXPO_PUBLIC_API_URL must be an http(s) URL" })
  .transform((u) => u.replace(/\/+$/, ""));

export type TApiConfig = { baseUrl: string; apiKey: string | undefined };

export function apiConfig(env: { apiUrl?: string; apiKey?: string } = readEnv()): TApiConfig {
  const url = env.apiUrl?.trim();
  return {
    baseUrl: ZBaseUrl.parse(url ? url : PRODUCTION_API_URL),
    apiKey: env.apiKey?.trim() ? env.apiKey.trim() : undefined,
  };
}

function readEnv() {
  const apiUrl: string | undefined = process.env.EXPO_PUBLIC_API_URL as string | undefined;
  const apiKey: string | undefined = process.env.EXPO_PUBLIC_API_KEY as string | undefined;
  return { apiUrl, apiKey };
}
