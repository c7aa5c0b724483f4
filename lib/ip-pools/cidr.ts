// IPv4 and IPv6 addresses and CIDR blocks as bigints, so one code path serves a /24 and a /64.
// Addresses are stored in the database in one canonical text form (dotted decimal without leading zeros,
// RFC 5952 for IPv6): the unique index on (poolId, address) only prevents double allocation if the same
// address can never be written two ways.

export type IpVersion = 4 | 6;

export type Ip = { version: IpVersion; value: bigint };

export type Cidr = { version: IpVersion; network: bigint; prefix: number };

export class CidrError extends Error {}

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

function parseIpv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    // No leading zeros: "010" is octal to some tools and decimal to others.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null; // also refuses zone ids (fe80::1%eth0)
  let head = text;
  let tailV4: bigint | null = null;
  // An embedded IPv4 address in the last 32 bits (::ffff:192.0.2.1): parse it apart, and the rest as
  // six groups. "::" before it stays; a single ":" separator goes.
  if (text.includes(".")) {
    const lastColon = text.lastIndexOf(":");
    if (lastColon < 0) return null;
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    const before = text.slice(0, lastColon + 1);
    head = before.endsWith("::") ? before : before.slice(0, -1);
  }
  const groupsWanted = tailV4 === null ? 8 : 6;
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const toGroups = (s: string): string[] | null => {
    if (s === "") return [];
    const groups = s.split(":");
    return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups : null;
  };
  const left = toGroups(halves[0] ?? "");
  const right = halves.length === 2 ? toGroups(halves[1] ?? "") : [];
  if (left === null || right === null) return null;
  let groups: string[];
  if (halves.length === 2) {
    const missing = groupsWanted - left.length - right.length;
    if (missing < 1) return null; // "::" stands for at least one zero group
    groups = [...left, ...Array<string>(missing).fill("0"), ...right];
  } else {
    groups = left;
  }
  if (groups.length !== groupsWanted) return null;
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(Number.parseInt(g, 16));
  if (tailV4 !== null) value = (value << 32n) | tailV4;
  return value;
}

/** Parses an IPv4 or IPv6 address (no prefix); null if it is not one. */
export function parseIp(text: string): Ip | null {
  const t = text.trim();
  if (t.includes(":")) {
    const value = parseIpv6(t);
    return value === null ? null : { version: 6, value };
  }
  const value = parseIpv4(t);
  return value === null ? null : { version: 4, value };
}

/** The canonical text of an address: dotted decimal, or RFC 5952 (lower case, longest zero run as "::"). */
export function formatIp(ip: Ip): string {
  if (ip.version === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join(".");
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip.value >> BigInt(i * 16)) & 0xffffn));
  // Longest run of two or more zero groups; the first one on a tie (RFC 5952 section 4.2.3).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]) => g.map((x) => x.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** Canonical text of an address typed by a person, or null if it is not an address. */
export function normaliseIp(text: string): string | null {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : null;
}

function hostMask(c: Cidr): bigint {
  return (1n << BigInt(BITS[c.version] - c.prefix)) - 1n;
}

/**
 * Parses "192.0.2.0/24" or "2001:db8::/64". Host bits set ("192.0.2.5/24") are refused with the network
 * the admin probably meant, rather than silently changed: a typo in a pool is costly to find later.
 */
export function parseCidr(text: string): Cidr {
  const t = text.trim();
  const slash = t.indexOf("/");
  if (slash < 0) {
    throw new CidrError(
      `"${t}" has no prefix length: write the block as address/prefix, e.g. 192.0.2.0/24 or 2001:db8::/64.`,
    );
  }
  const ip = parseIp(t.slice(0, slash));
  const prefixText = t.slice(slash + 1);
  if (!ip) {
    throw new CidrError(
      `"${t.slice(0, slash)}" is not an IPv4 or IPv6 address: write e.g. 192.0.2.0/24 or 2001:db8::/64.`,
    );
  }
  const bits = BITS[ip.version];
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    throw new CidrError(`The prefix length "/${prefixText}" must be a number from 0 to ${bits}.`);
  }
  const c: Cidr = { version: ip.version, network: ip.value, prefix: Number(prefixText) };
  if ((ip.value & hostMask(c)) !== 0n) {
    const network = ip.value & ~hostMask(c);
    throw new CidrError(
      `${t} has host bits set: the network is ${formatCidr({ ...c, network })}. Use that, or a longer prefix.`,
    );
  }
  return c;
}

export function formatCidr(c: Cidr): string {
  return `${formatIp({ version: c.version, value: c.network })}/${c.prefix}`;
}

export function cidrContains(c: Cidr, ip: Ip): boolean {
  return ip.version === c.version && (ip.value & ~hostMask(c)) === c.network;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) return false;
  // Two aligned blocks overlap exactly when the shorter prefix contains the other's network.
  const wider = a.prefix <= b.prefix ? a : b;
  const narrower = wider === a ? b : a;
  return cidrContains(wider, { version: narrower.version, value: narrower.network });
}

/** The last address of the block (IPv4 broadcast). */
export function lastAddress(c: Cidr): bigint {
  return c.network | hostMask(c);
}

/**
 * Whether an address of the block may be given to a container. IPv4 skips the network and broadcast
 * addresses, except in /31 and /32 (RFC 3021 point-to-point links, single addresses). IPv6 has no
 * broadcast but skips the all-zero host, the subnet-router anycast address (RFC 4291 section 2.6.1),
 * except in /127 and /128.
 */
export function isAssignable(c: Cidr, value: bigint): boolean {
  if (!cidrContains(c, { version: c.version, value })) return false;
  const bits = BITS[c.version];
  if (c.prefix >= bits - 1) return true;
  if (value === c.network) return false;
  if (c.version === 4 && value === lastAddress(c)) return false;
  return true;
}

/** How many addresses of the block isAssignable() allows (a bigint: a /64 holds 2^64). */
export function countAssignable(c: Cidr): bigint {
  const size = 1n << BigInt(BITS[c.version] - c.prefix);
  if (c.prefix >= BITS[c.version] - 1) return size;
  return c.version === 4 ? size - 2n : size - 1n;
}

/** Assignable addresses in ascending order, from `from` (inclusive) on. Lazy: a /64 is never materialised. */
export function* iterateAssignable(c: Cidr, from?: bigint): Generator<bigint> {
  const last = lastAddress(c);
  let v = from !== undefined && from > c.network ? from : c.network;
  for (; v <= last; v++) {
    if (isAssignable(c, v)) yield v;
  }
}
