// One error type for everything the API client can fail with. `message` is what the user sees:
// the server's own `message` when it sent one ({"error", "message"} — SPEC §2), else ours.
export type TApiErrorInit = {
  status: number;
  code: string;
  message: string;
  field?: string;
  retryAfterSeconds?: number;
  body?: unknown;
};

export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  /** The server's snake_case `error` (e.g. "upgrade_required"), or one of ours below. */
  readonly code: string;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  readonly body?: unknown;

  constructor(init: TApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.body = init.body;
  }
}

/** Codes the client itself produces (the server's are snake_case words from its error table). */
export const CLIENT_ERRORS = {
  network: "network_error",
  invalidResponse: "invalid_response",
  sessionEnded: "session_ended",
} as const;

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** What to show for any error a query or mutation throws. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  return "Something went wrong. Please try again.";
}
