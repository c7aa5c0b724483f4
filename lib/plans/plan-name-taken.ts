import { AppError } from "../errors/app-error";

/** The database's unique index on Plan.name refused a write: say so on the name field. */
export function planNameTaken(name: string): AppError {
  return new AppError("CONFLICT", `A plan named "${name}" already exists. Choose another name.`, {
    field: "name",
  });
}
