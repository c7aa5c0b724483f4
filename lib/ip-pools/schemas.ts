import { z } from "zod";
import {
  type Cidr,
  CidrError,
  cidrContains,
  formatCidr,
  isAssignable,
  normaliseIp,
  parseCidr,
  parseIp,
} from "./cidr";

// IP pool input as the forms send it. Addresses leave here in canonical form (see cidr.ts): the database's
// unique index on (poolId, address) compares text.

const MAX_NAMESERVERS = 3; // the resolver reads only the first three

const text = z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string().trim());

export const poolNameSchema = text.pipe(
  z
    .string()
    .min(1, "Name is required, e.g. ams1-public-v4.")
    .max(64, "Use at most 64 characters for the name.")
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/,
      "Use letters, digits, spaces, '.', '_' or '-', starting with a letter or digit.",
    ),
);

/** An address typed by a person, returned in canonical form. */
export const ipAddressInputSchema = text.transform((v, ctx) => {
  const ip = normaliseIp(v);
  if (v === "" || ip === null) {
    ctx.addIssue({
      code: "custom",
      message: `${v === "" ? "An address is required" : `"${v}" is not an IP address`}: write e.g. 192.0.2.10 or 2001:db8::10.`,
    });
    return z.NEVER;
  }
  return ip;
});

const nodeIdsSchema = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? [] : typeof v === "string" ? [v] : v),
  z.array(z.string().min(1).max(64)).max(1000),
);

export const poolInputSchema = z
  .object({
    name: poolNameSchema,
    cidr: text.transform((v, ctx): Cidr => {
      if (v === "") {
        ctx.addIssue({ code: "custom", message: "CIDR is required, e.g. 192.0.2.0/24 or 2001:db8::/64." });
        return z.NEVER;
      }
      try {
        const c = parseCidr(v);
        const minPrefix = c.version === 4 ? 8 : 16;
        if (c.prefix < minPrefix) {
          ctx.addIssue({
            code: "custom",
            message: `/${c.prefix} is too large for one pool: use a prefix of /${minPrefix} or longer.`,
          });
          return z.NEVER;
        }
        return c;
      } catch (err) {
        if (!(err instanceof CidrError)) throw err;
        ctx.addIssue({ code: "custom", message: err.message });
        return z.NEVER;
      }
    }),
    gateway: text,
    nameservers: text,
    nodeIds: nodeIdsSchema,
  })
  .transform((v, ctx) => {
    let gateway: string | null = null;
    if (v.gateway !== "") {
      const ip = parseIp(v.gateway);
      // IPv6 routers are commonly reached by link-local address (fe80::1), which is outside any pool.
      const isLinkLocal = ip?.version === 6 && ip.value >> 118n === 0x3fan;
      if (!ip || ip.version !== v.cidr.version) {
        ctx.addIssue({
          code: "custom",
          path: ["gateway"],
          message: `Gateway "${v.gateway}" is not an IPv${v.cidr.version} address. Write the router's address inside ${formatCidr(v.cidr)}, or leave it empty.`,
        });
        return z.NEVER;
      }
      if (!isLinkLocal && (!cidrContains(v.cidr, ip) || !isAssignable(v.cidr, ip.value))) {
        ctx.addIssue({
          code: "custom",
          path: ["gateway"],
          message: `Gateway ${v.gateway} must be a host address inside ${formatCidr(v.cidr)}${v.cidr.version === 6 ? " (or link-local, fe80::/10)" : ""}.`,
        });
        return z.NEVER;
      }
      gateway = normaliseIp(v.gateway);
    }
    const nameservers: string[] = [];
    for (const part of v.nameservers.split(/[\s,;]+/).filter(Boolean)) {
      const ns = normaliseIp(part);
      if (!ns) {
        ctx.addIssue({
          code: "custom",
          path: ["nameservers"],
          message: `Nameserver "${part}" is not an IP address. List addresses separated by spaces, e.g. 192.0.2.53 2001:db8::53.`,
        });
        return z.NEVER;
      }
      if (!nameservers.includes(ns)) nameservers.push(ns);
    }
    if (nameservers.length > MAX_NAMESERVERS) {
      ctx.addIssue({
        code: "custom",
        path: ["nameservers"],
        message: `List at most ${MAX_NAMESERVERS} nameservers: containers' resolvers use only the first ${MAX_NAMESERVERS}.`,
      });
      return z.NEVER;
    }
    return {
      name: v.name,
      cidr: v.cidr,
      gateway,
      nameservers: nameservers.join(" "),
      nodeIds: [...new Set(v.nodeIds)],
    };
  });

export type PoolInput = z.output<typeof poolInputSchema>;

export const reserveInputSchema = z.object({
  address: ipAddressInputSchema,
  note: text.pipe(
    z
      .string()
      .max(200, "Use at most 200 characters for the note.")
      .regex(/^[^\p{Cc}]*$/u, "The note may not contain line breaks or control characters."),
  ),
});
