import path from "node:path";
import { sha256HexSchema } from "../../protocol/fields";
import type { LxcDriver } from "../driver/lxc-driver";
import { AgentError } from "../errors";
import { buildDebianTemplate } from "../templates/build-debian";
import { TEMPLATE_EXTENSIONS } from "../templates/template-cache";
import { reportError } from "./vzctl";

const USAGE = `Usage: berth-agent template list
       berth-agent template build debian-12 [--mirror URL]
       berth-agent template add <file.tar.{gz,xz,zst}> [--name NAME] [--sha256 HEX]
       berth-agent template download <url> --name NAME --sha256 HEX
       berth-agent template check <file>`;

export async function templateMain(driver: LxcDriver, argv: string[]): Promise<number> {
  const out = (l: string) => process.stdout.write(`${l}\n`);
  try {
    await driver.init();
    const [sub, arg, ...rest] = argv;
    const opt = (k: string) => {
      const i = rest.indexOf(`--${k}`);
      return i === -1 ? undefined : rest[i + 1];
    };
    const sha = opt("sha256");
    if (sha !== undefined && !sha256HexSchema.safeParse(sha).success)
      throw new AgentError("BAD_REQUEST", "--sha256 must be 64 hex digits");
    switch (sub) {
      case "list":
        for (const t of await driver.templates.list())
          out(`${t.name.padEnd(40)} ${String(t.size).padStart(12)}  ${t.sha256 ?? "(no sha256)"}`);
        return 0;
      case "build":
        if (!arg) throw new AgentError("BAD_REQUEST", USAGE);
        await buildDebianTemplate(driver.templates, arg, out, opt("mirror"));
        return 0;
      case "add": {
        if (!arg) throw new AgentError("BAD_REQUEST", USAGE);
        const ext = TEMPLATE_EXTENSIONS.find((e) => arg.endsWith(e));
        const name = opt("name") ?? path.basename(arg, ext);
        const t = await driver.templates.add(arg, name, sha);
        out(`template ${t.name} added, sha256 ${t.sha256}`);
        return 0;
      }
      case "download": {
        const name = opt("name");
        if (!arg || !name || !sha) throw new AgentError("BAD_REQUEST", USAGE);
        const t = await driver.templates.download(arg, name, sha, out);
        out(`template ${t.name} added, sha256 ${t.sha256}`);
        return 0;
      }
      case "check": {
        if (!arg) throw new AgentError("BAD_REQUEST", USAGE);
        const r = await driver.templates.check(arg);
        out(`ok: ${r.summary.entries} entries, ${r.summary.totalBytes} bytes, sha256 ${r.sha256}`);
        return 0;
      }
      default:
        process.stderr.write(`${USAGE}\n`);
        return 20;
    }
  } catch (err) {
    return reportError(err);
  }
}
