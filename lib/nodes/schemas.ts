import { z } from "zod";

export const nodeNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name, such as node1 or fra-01.")
  .max(63, "Use at most 63 characters.")
  .regex(
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
    "Use lower-case letters, digits and hyphens (like a host name), e.g. fra-01.",
  );

export const createNodeSchema = z.object({ name: nodeNameSchema });
