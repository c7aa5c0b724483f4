import { AppError } from "../errors/app-error";

/** The database's unique index on IpPool.name refused a write: say so on the name field. */
export function poolNameTaken(name: string): AppError {
  return new AppError("CONFLICT", `An IP pool named "${name}" already exists. Choose another name.`, {
    field: "name",
  });
}
