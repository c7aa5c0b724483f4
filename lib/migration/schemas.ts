import { z } from "zod";

// Input of a container migration and of a node evacuation, as forms, server actions and the REST API send it.

export const migrationModeSchema = z
  .enum(["offline", "online", "live"])
  .describe(
    "offline: stop, copy, start there. online: near-live (copy while running, freeze, copy the delta, start there). live: CRIU checkpoint/restore, refused where the nodes cannot checkpoint.",
  );

export const migrateContainerInputSchema = z
  .object({
    targetNodeId: z.string().min(1).max(64).describe("The node to move the container to."),
    mode: migrationModeSchema.default("online"),
    fallbackOnline: z
      .boolean()
      .default(false)
      .describe('With mode "live": migrate near-live instead when checkpointing is not possible.'),
    renumber: z
      .boolean()
      .default(false)
      .describe("Give the container a new CTID on the target if its CTID is taken there."),
  })
  .strict();
export type MigrateContainerInput = z.infer<typeof migrateContainerInputSchema>;

export const evacuateNodeInputSchema = z
  .object({
    mode: migrationModeSchema.default("online"),
    fallbackOnline: z.boolean().default(true),
  })
  .strict();
export type EvacuateNodeInput = z.infer<typeof evacuateNodeInputSchema>;

/** What a container.migrate task carries (fixed at enqueue: the target and the CTID it gets there). */
export const migrateTaskInputSchema = z.object({
  targetNodeId: z.string(),
  mode: z.enum(["offline", "online", "live"]),
  fallbackOnline: z.boolean(),
  ctid: z.number().int(),
});
