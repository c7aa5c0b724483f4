import path from "node:path";
import { beancountersJson, formatUserBeancounters, readAllBeancounters } from "../beancounters/beancounters";
import { LxcDriver } from "../driver/lxc-driver";
import { templateMain } from "./template-cmd";
import { reportError, vzctlMain } from "./vzctl";
import { vzlistMain } from "./vzlist";
import { vzsplitMain } from "./vzsplit";

const USAGE = `Usage: berth-agent <command> [args]
  serve [--listen HOST:PORT] [--insecure-http]   run the signed command API (HTTPS; plain HTTP only on loopback)
  join <panel-url> <one-time-token>              enroll this node with a Berth panel
  vzctl ...  vzlist ...  vzsplit ...             the OpenVZ commands (also as symlinks named vzctl, vzlist, vzsplit)
  beancounters [--json] [CTID...]                /proc/user_beancounters for the containers
  template list|build|add|download|check         the OS template cache
  vzmigrate [--online|--live] --ticket F URL CTID  move a container to another node (see migration-ticket)
  migration-ticket --ctid N --source-node ID --source-key KEY   on the destination: a ticket for vzmigrate
  vzdump [--mode stop|suspend|snapshot] CTID     back a container up to <data>/dump (also --list, --info)
  vzrestore [--force] [--start] ARCHIVE CTID     make a container from a backup
Environment: BERTH_AGENT_DATA (data dir, default /var/lib/berth), BERTH_LXC_PATH, BERTH_NET_MODE (routed|bridged),
  BERTH_BRIDGE, BERTH_BRIDGE_CIDR`;

/** argv as process.argv: [node, script, ...]. The script's name picks vzctl/vzlist/vzsplit when symlinked. */
export async function main(argv: string[]): Promise<number> {
  const invoked = path.basename(argv[1] ?? "");
  const args = argv.slice(2);
  const driver = new LxcDriver();
  if (invoked === "vzctl") return vzctlMain(driver, args);
  if (invoked === "vzlist") return vzlistMain(driver, args);
  if (invoked === "vzsplit") return vzsplitMain(driver, args);
  if (invoked === "vzmigrate") return (await import("./vzmigrate")).vzmigrateMain(driver, args);
  const [cmd, ...rest] = args;
  switch (cmd) {
    case "vzctl":
      return vzctlMain(driver, rest);
    case "vzlist":
      return vzlistMain(driver, rest);
    case "vzsplit":
      return vzsplitMain(driver, rest);
    case "template":
      return templateMain(driver, rest);
    case "beancounters": {
      try {
        const json = rest.includes("--json") || rest.includes("-j");
        const ids = rest.filter((a) => !a.startsWith("-"));
        const ctids = ids.length ? await Promise.all(ids.map((i) => driver.resolveCtid(i))) : undefined;
        const all = await readAllBeancounters(driver, ctids);
        process.stdout.write(
          json ? `${JSON.stringify(beancountersJson(all), null, 2)}\n` : formatUserBeancounters(all),
        );
        return 0;
      } catch (err) {
        return reportError(err);
      }
    }
    case "vzdump": {
      const { vzdumpMain } = await import("../backups/vzdump-cmd");
      return vzdumpMain(driver, rest);
    }
    case "vzrestore": {
      const { vzrestoreMain } = await import("../backups/vzdump-cmd");
      return vzrestoreMain(driver, rest);
    }
    case "serve": {
      const { serveMain } = await import("../server/serve");
      return serveMain(driver, rest);
    }
    case "vzmigrate":
      return (await import("./vzmigrate")).vzmigrateMain(driver, rest);
    case "migration-ticket":
      return (await import("./vzmigrate")).migrationTicketMain(driver, rest);
    case "migrate-pipe":
      return (await import("../migration/pipe")).runPipe(rest);
    case "join": {
      const { joinMain } = await import("../server/join");
      return joinMain(driver, rest);
    }
    default:
      process.stdout.write(`${USAGE}\n`);
      return cmd === undefined || cmd === "--help" || cmd === "help" ? 0 : 20;
  }
}
