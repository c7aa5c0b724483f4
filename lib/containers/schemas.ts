import { z } from "zod";
import { hostnameSchema } from "@/agent/protocol";

const id = (what: string) => z.string().trim().min(1, `Choose a ${what}.`).max(64);

export const createContainerSchema = z.object({
  tenantId: id("tenant"),
  /** A node id, or "auto" for the online node with the most free memory that fits the plan. */
  nodeId: z.string().trim().min(1).max(64).default("auto"),
  templateId: id("template"),
  planId: id("plan"),
  hostname: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(hostnameSchema.refine((h) => h.length >= 1, "Enter a host name."))
    .transform((h) => h.replace(/\.$/, "")),
  /** Empty: the first free address of a pool serving the node. Otherwise one or more chosen addresses. */
  ipAddresses: z
    .string()
    .trim()
    .max(400)
    .default("")
    .transform((s) => s.split(/[\s,]+/).filter(Boolean)),
  poolId: z.string().trim().max(64).default(""),
  /** Empty: a password is generated and shown once. */
  rootPassword: z.string().max(256).default(""),
  nameservers: z
    .string()
    .trim()
    .max(200)
    .default("")
    .refine(
      (s) =>
        s
          .split(/[\s,]+/)
          .filter(Boolean)
          .every((n) => z.ipv4().safeParse(n).success || z.ipv6().safeParse(n).success),
      {
        message: "Nameservers are IP addresses separated by spaces, e.g. 1.1.1.1 9.9.9.9.",
      },
    ),
  start: z
    .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
    .default(true)
    .transform((v) => v === true || v === "on" || v === "true"),
});

export type CreateContainerInput = z.input<typeof createContainerSchema>;
