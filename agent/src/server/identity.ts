import { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { generateSigningKeyPair, keyIdOf, type TrustedKey } from "../../protocol/signing";
import type { AgentPaths } from "../paths";
import { runOk } from "../run";

// The agent's identity on disk (<data>/agent/, mode 0700): its Ed25519 key, its TLS certificate, and what
// `join` learned from the panel (node id, trusted panel keys).

const identitySchema = z.object({
  nodeId: z.string(),
  panelUrl: z.string(),
  panelKeys: z
    .array(z.object({ keyId: z.string(), publicKey: z.string() }))
    .min(1)
    .max(2),
});
export type Identity = z.infer<typeof identitySchema>;

export class AgentIdentity {
  constructor(readonly paths: AgentPaths) {}

  get dir(): string {
    return this.paths.agentDir;
  }
  private f(name: string): string {
    return path.join(this.dir, name);
  }

  async ensureDir(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  /** The agent's signing key, made on first use. */
  async signingKey(): Promise<{ privateKeyPem: string; publicKey: string; keyId: string }> {
    await this.ensureDir();
    if (!existsSync(this.f("agent-key.pem"))) {
      const kp = generateSigningKeyPair();
      await fs.writeFile(this.f("agent-key.pem"), kp.privateKeyPem, { mode: 0o600, flag: "wx" });
      await fs.writeFile(this.f("agent-key.pub"), `${kp.publicKey}\n`);
    }
    const privateKeyPem = await fs.readFile(this.f("agent-key.pem"), "utf8");
    const publicKey = (await fs.readFile(this.f("agent-key.pub"), "utf8")).trim();
    return { privateKeyPem, publicKey, keyId: keyIdOf(publicKey) };
  }

  /** A self-signed TLS certificate (P-256) whose SHA-256 fingerprint the panel pins at join. */
  async tls(): Promise<{ key: string; cert: string; fingerprint: string }> {
    await this.ensureDir();
    if (!existsSync(this.f("tls-cert.pem"))) {
      await runOk("openssl", [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "3650",
        "-subj",
        "/CN=berth-agent",
        "-keyout",
        this.f("tls-key.pem"),
        "-out",
        this.f("tls-cert.pem"),
      ]);
      await fs.chmod(this.f("tls-key.pem"), 0o600);
    }
    const cert = await fs.readFile(this.f("tls-cert.pem"), "utf8");
    const key = await fs.readFile(this.f("tls-key.pem"), "utf8");
    return { key, cert, fingerprint: new X509Certificate(cert).fingerprint256 };
  }

  async load(): Promise<Identity | null> {
    try {
      return identitySchema.parse(JSON.parse(await fs.readFile(this.f("identity.json"), "utf8")));
    } catch {
      return null;
    }
  }

  async save(id: Identity): Promise<void> {
    await this.ensureDir();
    const tmp = this.f("identity.json.tmp");
    await fs.writeFile(tmp, JSON.stringify(id, null, 2), { mode: 0o600 });
    await fs.rename(tmp, this.f("identity.json"));
  }

  async setPanelKeys(keys: TrustedKey[]): Promise<Identity> {
    const cur = await this.load();
    if (!cur) throw new Error("node has not joined a panel");
    const next = { ...cur, panelKeys: keys };
    await this.save(next);
    return next;
  }
}
