import type { z } from "zod";
import { AppError } from "./app-error";

/** zod at the boundary: the first problem becomes a VALIDATION error naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join(".") || undefined;
  throw new AppError("VALIDATION", issue?.message ?? "Check the form and try again.", { field });
}
