import { z } from "zod";

// Control frames of the browser console (JSON text frames; terminal bytes travel as binary frames).
// The panel validates what the browser sends before it goes on to the agent.

export const browserControlSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("resize"),
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
  }),
  z.object({ type: z.literal("pause") }),
  z.object({ type: z.literal("resume") }),
]);
export type BrowserControl = z.infer<typeof browserControlSchema>;

export const consoleQuerySchema = z.object({
  container: z.string().regex(/^[a-z0-9]{10,40}$/, "container id"),
  cols: z.coerce.number().int().min(1).max(1000).catch(80),
  rows: z.coerce.number().int().min(1).max(1000).catch(24),
});

/** Output buffered towards the browser above which the agent is asked to pause the pty, and below which to resume. */
export const HIGH_WATERMARK_BYTES = 1024 * 1024;
export const LOW_WATERMARK_BYTES = 256 * 1024;
