import "server-only";
import { getPublicMessage, isAppError } from "./app-error";

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: string; code: string; field?: string; reason?: string };

/** The one mapping of errors for server actions: AppError as a form error, anything else logged and generic. */
export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (isAppError(err)) {
      return { ok: false, error: err.message, code: err.code, field: err.field, reason: err.reason };
    }
    // Next's redirect()/notFound() are control flow, not failures.
    if (
      err &&
      typeof err === "object" &&
      "digest" in err &&
      String((err as { digest: unknown }).digest).startsWith("NEXT_")
    ) {
      throw err;
    }
    console.error("server action failed", err);
    return { ok: false, error: getPublicMessage(err), code: "INTERNAL" };
  }
}
