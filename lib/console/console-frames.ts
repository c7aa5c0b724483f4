import { z } from "zod";
import { CONSOLE, consoleClientMessageSchema } from "@/agent/protocol";

// Control frames of the browser console are the agent protocol's own (resize, pause, resume): the panel
// validates what the browser sends with the same schema before it goes on to the agent.
export const browserControlSchema = consoleClientMessageSchema;

export const consoleQuerySchema = z.object({
  container: z.string().regex(/^[a-z0-9]{10,40}$/, "container id"),
  cols: z.coerce.number().int().min(1).max(CONSOLE.maxCols).catch(80),
  rows: z.coerce.number().int().min(1).max(CONSOLE.maxRows).catch(24),
});

/** Output buffered towards the browser above which the agent is asked to pause the pty, and below which to resume. */
export const HIGH_WATERMARK_BYTES = CONSOLE.highWaterBytes;
export const LOW_WATERMARK_BYTES = CONSOLE.lowWaterBytes;
