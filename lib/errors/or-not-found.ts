import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "./app-error";

/**
 * For a page about one thing: what `loading` finds, or Next's not-found page when it answers NOT_FOUND (a
 * missing id, or another tenant's: the lib functions answer both alike). Any other error goes on.
 */
export async function orNotFound<T>(loading: Promise<T>): Promise<T> {
  try {
    return await loading;
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}
