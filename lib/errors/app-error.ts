// Domain errors carry a stable code and a message a user can act on. Each boundary (page, server action,
// route handler, websocket) maps them once; anything else becomes a generic 500 without details.

export type AppErrorCode =
  | "UNAUTHENTICATED"
  | "NOT_FOUND" // also what a customer gets for another tenant's resource: indistinguishable by design
  | "FORBIDDEN" // only for the actor's own resources (e.g. an admin action on a disabled policy)
  | "VALIDATION"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "TOTP_REQUIRED"
  | "UNAVAILABLE"
  | "INTERNAL";

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  /** A finer, stable reason within the code (e.g. "bad-totp"), for clients that translate messages. */
  readonly reason?: string;

  constructor(
    code: AppErrorCode,
    message: string,
    options?: { field?: string; retryAfterSeconds?: number; reason?: string },
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.field = options?.field;
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.reason = options?.reason;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

const HTTP_STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  VALIDATION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  TOTP_REQUIRED: 401,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function getHttpStatus(err: AppError): number {
  return HTTP_STATUS[err.code];
}

/** The one message a client may see for an error: the AppError's own, or a generic one. */
export function getPublicMessage(err: unknown): string {
  if (isAppError(err)) return err.message;
  return "Something went wrong on the server. The error was logged; try again, and tell your administrator if it persists.";
}
