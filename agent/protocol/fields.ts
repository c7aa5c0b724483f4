import { z } from "zod";

// Tight patterns for every field that reaches a program on the node: a value that passes here can never be
// read as an option (no leading "-"), never spans lines, never carries shell metacharacters.

export const CTID_MIN = 100;
export const CTID_MAX = 999_999_999;

export const ctidSchema = z.number().int().min(CTID_MIN).max(CTID_MAX);

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 253 characters at most. */
export const hostnameSchema = z
  .string()
  .max(253)
  .regex(
    /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/,
    {
      message: "not a valid host name (RFC 1123)",
    },
  );

/** vzctl container name: a letter first, then letters, digits, dot, underscore, hyphen. Not all digits, so it never looks like a CTID. */
export const containerNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9._-]{0,63}$/, {
  message: "name must start with a letter and use only letters, digits, '.', '_' or '-'",
});

/** Free text stored in the config between double quotes: printable, no quote, backslash, dollar or backtick. */
export const descriptionSchema = z
  .string()
  .max(256)
  .regex(/^[^"\\`$\p{Cc}]*$/u, {
    message: "description may not contain quotes, backslashes, '$', '`' or control characters",
  });

export const ipv4Schema = z.ipv4();
export const ipv6Schema = z.ipv6();
export const ipAddressSchema = z.union([ipv4Schema, ipv6Schema]);

/** An address as vzctl takes it for --ipadd: an IP, optionally with a prefix length. */
export const ipWithPrefixSchema = z.string().refine(
  (v) => {
    const [ip, prefix, extra] = v.split("/");
    if (extra !== undefined || ip === undefined) return false;
    const isV4 = ipv4Schema.safeParse(ip).success;
    const isV6 = ipv6Schema.safeParse(ip).success;
    if (!isV4 && !isV6) return false;
    if (prefix === undefined) return true;
    if (!/^\d{1,3}$/.test(prefix)) return false;
    return Number(prefix) <= (isV4 ? 32 : 128);
  },
  { message: "not an IPv4/IPv6 address (optionally with /prefix)" },
);

/** A Unix user name as chpasswd/adduser accept it. */
export const userNameSchema = z
  .string()
  .regex(/^[a-z_][a-z0-9_-]{0,31}$/, { message: "user name must match [a-z_][a-z0-9_-]{0,31}" });

/** A password goes to chpasswd on stdin, one "user:password" line: a newline or NUL would start another line. */
export const passwordSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\n\r\0]+$/, { message: "password may not contain newlines or NUL" });

/** Template names as OpenVZ spells them: debian-12-x86_64-minimal. */
export const templateNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/, {
    message: "template name may use letters, digits, '.', '_', '+', '-'",
  })
  .refine((v) => !v.includes(".."), { message: "template name may not contain '..'" });

/** Config sample name: ve-<name>.conf-sample */
export const sampleNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
  .refine((v) => !v.includes(".."));

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);
