import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import {
  MIGRATION,
  type MigrationTicket,
  type MigrationTicketRequest,
  migrationIdSchema,
  migrationStateSchema,
} from "../../protocol/migration";
import type { AgentPaths } from "../paths";

// The destination's record of each incoming migration, one JSON file per migration id in
// <data>/agent/migrations/ (mode 0600, renamed into place). It is the ticket (only the SHA-256 of its
// secret is stored) and the journal of what the migration made on this node, so that an agent restarted in
// the middle removes exactly what it made and nothing else. Files, not memory, so that a ticket made by
// `berth-agent migration-ticket` on the command line is honoured by the running `serve`.

const recordSchema = z.object({
  id: migrationIdSchema,
  ctid: z.number().int(),
  sourceNodeId: z.string(),
  sourcePublicKey: z.string(),
  secretSha256: z.string().regex(/^[0-9a-f]{64}$/),
  state: migrationStateSchema,
  issuedAt: z.string(),
  expiresAt: z.string(),
  lastActivityAt: z.string(),
  /** True once prepare made the disk image: only then is there anything of ours to remove. */
  madeImage: z.boolean(),
  reason: z.string().optional(),
});
export type IncomingMigration = z.infer<typeof recordSchema>;

function sha256Hex(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

export class MigrationTickets {
  readonly dir: string;

  constructor(paths: AgentPaths) {
    this.dir = path.join(paths.agentDir, "migrations");
  }

  private file(id: string): string {
    return path.join(this.dir, `in-${id}.json`);
  }

  async issue(req: MigrationTicketRequest, now = Date.now()): Promise<MigrationTicket> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const id = `m-${randomBytes(18).toString("base64url")}`;
    const secret = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now + MIGRATION.ticketTtlSec * 1000).toISOString();
    const rec: IncomingMigration = {
      id,
      ctid: req.ctid,
      sourceNodeId: req.sourceNodeId,
      sourcePublicKey: req.sourcePublicKey,
      secretSha256: sha256Hex(secret),
      state: "issued",
      issuedAt: new Date(now).toISOString(),
      expiresAt,
      lastActivityAt: new Date(now).toISOString(),
      madeImage: false,
    };
    await this.save(rec);
    return { id, secret, ctid: req.ctid, expiresAt };
  }

  async get(id: string): Promise<IncomingMigration | null> {
    if (!migrationIdSchema.safeParse(id).success) return null;
    try {
      return recordSchema.parse(JSON.parse(await fs.readFile(this.file(id), "utf8")));
    } catch {
      return null;
    }
  }

  async save(rec: IncomingMigration): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file(rec.id)}.tmp`;
    const h = await fs.open(tmp, "w", 0o600);
    try {
      await h.writeFile(JSON.stringify(rec));
      await h.datasync();
    } finally {
      await h.close();
    }
    await fs.rename(tmp, this.file(rec.id));
  }

  async list(): Promise<IncomingMigration[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const out: IncomingMigration[] = [];
    for (const n of names) {
      const m = /^in-(m-[A-Za-z0-9_-]+)\.json$/.exec(n);
      if (!m?.[1]) continue;
      const rec = await this.get(m[1]);
      if (rec) out.push(rec);
    }
    return out;
  }

  /** Forgets finished and aborted migrations older than a day (their ids stay refused until then). */
  async prune(now = Date.now()): Promise<void> {
    for (const rec of await this.list()) {
      const over = rec.state === "finished" || rec.state === "aborted";
      const expiredUnused = rec.state === "issued" && Date.parse(rec.expiresAt) < now - 86_400_000;
      if ((over && Date.parse(rec.lastActivityAt) < now - 86_400_000) || expiredUnused)
        await fs.rm(this.file(rec.id), { force: true });
    }
  }
}

/** Constant-time check of a presented secret against the stored hash. */
export function secretMatches(rec: IncomingMigration, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(sha256Hex(presented), "hex");
  const b = Buffer.from(rec.secretSha256, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
