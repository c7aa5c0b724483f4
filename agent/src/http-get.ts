import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import { AgentError } from "./errors";

/**
 * GETs a URL the panel gave (a template or a backup link) and resolves with the body of its 200 answer,
 * following up to `redirects` redirects. Any other status is refused with the error `refuse` makes of it.
 */
export function httpGet(u: URL, refuse: (status: number) => AgentError, redirects = 5): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const mod = u.protocol === "https:" ? https : u.protocol === "http:" ? http : null;
    if (!mod) return reject(new AgentError("BAD_REQUEST", `unsupported URL scheme ${u.protocol}`));
    const req = mod.get(u, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location && redirects > 0) {
        res.resume();
        resolve(httpGet(new URL(res.headers.location, u), refuse, redirects - 1));
        return;
      }
      if (status !== 200) {
        res.resume();
        reject(refuse(status));
        return;
      }
      resolve(res);
    });
    req.on("error", reject);
  });
}
