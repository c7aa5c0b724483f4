import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Log } from "../driver/container-driver";
import { AgentError } from "../errors";
import { run, runOk } from "../run";
import type { TemplateCache, TemplateInfo } from "./template-cache";

// `berth-agent template build debian-12`: debootstrap minbase with what a VPS needs, from the host's
// configured Debian mirror, packed as debian-12-x86_64-minimal.tar.gz into the template cache.

const RELEASES: Record<string, string> = { "debian-12": "bookworm", "debian-11": "bullseye" };
const PACKAGES = [
  "systemd-sysv",
  "ifupdown",
  "openssh-server",
  "passwd",
  "iproute2",
  "procps",
  "less",
  "ca-certificates",
];

export async function hostDebianMirror(): Promise<string> {
  const texts: string[] = [];
  for (const f of ["/etc/apt/sources.list"]) texts.push(await fs.readFile(f, "utf8").catch(() => ""));
  for (const f of await fs.readdir("/etc/apt/sources.list.d").catch(() => [] as string[])) {
    texts.push(await fs.readFile(path.join("/etc/apt/sources.list.d", f), "utf8").catch(() => ""));
  }
  for (const t of texts) {
    for (const line of t.split("\n")) {
      const deb = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(https?:\/\/\S+)/.exec(line);
      const uris = /^\s*URIs:\s*(https?:\/\/\S+)/.exec(line);
      const url = deb?.[1] ?? uris?.[1];
      if (url && !url.includes("security")) return url;
    }
  }
  throw new AgentError("SYSTEM_ERROR", "no Debian mirror found in /etc/apt");
}

export async function buildDebianTemplate(
  cache: TemplateCache,
  distro: string,
  log: Log,
  mirror?: string,
): Promise<TemplateInfo> {
  const suite = RELEASES[distro];
  if (!suite)
    throw new AgentError(
      "BAD_REQUEST",
      `unknown distribution ${distro}; known: ${Object.keys(RELEASES).join(", ")}`,
    );
  const arch = os.arch() === "x64" ? "amd64" : os.arch();
  const name = `${distro}-${arch === "amd64" ? "x86_64" : arch}-minimal`;
  const url = mirror ?? (await hostDebianMirror());
  // debootstrap takes no "--": the suite comes from the table above and the mirror must be a plain URL.
  if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~/-]*)?$/.test(url))
    throw new AgentError("BAD_REQUEST", `not a usable mirror URL: ${url}`);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "berth-debootstrap-"));
  const root = path.join(work, "root");
  try {
    log(`debootstrap ${suite} from ${url} (a few minutes)`);
    await runOk(
      "debootstrap",
      ["--variant=minbase", `--include=${PACKAGES.join(",")}`, `--arch=${arch}`, suite, root, url],
      { timeoutMs: 30 * 60_000 },
    );
    log("configuring the rootfs for containers");
    await fs.writeFile(
      path.join(root, "etc/network/interfaces"),
      "# LXC configures eth0 from the container's config\nauto lo\niface lo inet loopback\n",
    );
    await fs.writeFile(path.join(root, "etc/hostname"), "localhost\n");
    await fs.writeFile(path.join(root, "etc/resolv.conf"), "");
    // Host keys are made per container at first boot, never shipped in the template.
    for (const f of await fs.readdir(path.join(root, "etc/ssh"))) {
      if (f.startsWith("ssh_host_")) await fs.rm(path.join(root, "etc/ssh", f));
    }
    const unit =
      "[Unit]\nDescription=Generate SSH host keys\nBefore=ssh.service\nConditionPathExists=!/etc/ssh/ssh_host_ed25519_key\n\n[Service]\nType=oneshot\nExecStart=/usr/bin/ssh-keygen -A\n\n[Install]\nWantedBy=multi-user.target\n";
    await fs.writeFile(path.join(root, "etc/systemd/system/berth-ssh-keygen.service"), unit);
    await fs.mkdir(path.join(root, "etc/systemd/system/multi-user.target.wants"), { recursive: true });
    await fs
      .symlink(
        "/etc/systemd/system/berth-ssh-keygen.service",
        path.join(root, "etc/systemd/system/multi-user.target.wants/berth-ssh-keygen.service"),
      )
      .catch(() => {});
    await run("chroot", [root, "apt-get", "clean"]);
    await fs.rm(path.join(root, "var/lib/apt/lists"), { recursive: true, force: true });
    await fs.mkdir(path.join(root, "var/lib/apt/lists/partial"), { recursive: true });
    const tarball = path.join(work, `${name}.tar.gz`);
    log("packing");
    // /dev is left empty: LXC populates it (lxc.autodev) and the checker refuses most device nodes anyway.
    await runOk(
      "tar",
      [
        "--numeric-owner",
        "--xattrs",
        "--exclude=./dev/*",
        "--exclude=./proc/*",
        "--exclude=./sys/*",
        "-C",
        root,
        "-czf",
        tarball,
        ".",
      ],
      { timeoutMs: 30 * 60_000 },
    );
    log("checking and adding to the template cache");
    const info = await cache.add(tarball, name);
    log(`template ${info.name} sha256 ${info.sha256}`);
    return info;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
