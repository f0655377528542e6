import { QueryClient } from "@tanstack/react-query";
import { isApiError } from "./api/errors";
import { CACHE_MAX_AGE_MS } from "./query-persistence";

/** Retries only what can succeed on a second try: no network, 5xx, 429 — never a 4xx answer. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isApiError(error)) return false;
  return error.status === 0 || error.status >= 500 || error.status === 429;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Kept as long as the device cache keeps them, or a restored answer would be dropped at once.
      queries: { retry: shouldRetry, staleTime: 15_000, gcTime: CACHE_MAX_AGE_MS },
      mutations: { retry: false },
    },
  });
}
