import "server-only";
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./db-url";

// Environment of the panel, validated once. Secrets never have defaults in production.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  NEXTAUTH_SECRET: z
    .string()
    .min(
      32,
      "NEXTAUTH_SECRET must be at least 32 characters; scripts/quickstart writes one to .berth/panel.env",
    ),
  NEXTAUTH_URL: z.url().default("http://localhost:3000"),
  // Extra origins allowed for state changes and the console websocket (comma-separated), e.g. behind a proxy.
  BERTH_ALLOWED_ORIGINS: z.string().default(""),
  BERTH_TRUST_PROXY: z
    .enum(["0", "1"])
    .default("0")
    .transform((v) => v === "1"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
      throw new Error(`Berth panel environment is invalid:\n${lines.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export function getAllowedOrigins(): string[] {
  const env = getEnv();
  const extra = env.BERTH_ALLOWED_ORIGINS.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return [new URL(env.NEXTAUTH_URL).origin, ...extra];
}
