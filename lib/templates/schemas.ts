import { z } from "zod";
import { parseTemplateName } from "./template-name";

// Input schemas of the template catalogue: forms, server actions and the upload route.

export const templateNameInputSchema = z
  .string({ message: "Enter the template's name." })
  .trim()
  .min(1, { message: "Enter the template's name." })
  .max(128, { message: "The name is too long (128 characters at most)." })
  .refine((v) => parseTemplateName(v) !== null, {
    message:
      "Use an OpenVZ-style name: <distro>-<version>-<arch>[-<variant>] in lower case, e.g. debian-12-x86_64-minimal.",
  });

/** A SHA-256 as sha256sum prints it; a pasted "hex  file" line is taken as its first word. */
export const sha256InputSchema = z
  .string({ message: "Enter the file's SHA-256." })
  .trim()
  .transform((v) => (v.split(/\s+/)[0] ?? "").toLowerCase())
  .pipe(
    z.string().regex(/^[0-9a-f]{64}$/, {
      message: "The SHA-256 is 64 hexadecimal digits, as `sha256sum FILE` prints it.",
    }),
  );

export const uploadTemplateInputSchema = z.object({
  name: templateNameInputSchema,
  sha256: sha256InputSchema,
});

export const fetchTemplateInputSchema = z.object({
  name: templateNameInputSchema,
  url: z
    .string({ message: "Enter the URL of the template file." })
    .trim()
    .pipe(
      z.url({
        protocol: /^https?$/,
        message: "Enter an http:// or https:// URL of a .tar.gz, .tar.xz or .tar.zst file.",
      }),
    ),
  sha256: sha256InputSchema,
});

export const buildTemplateInputSchema = z.object({
  nodeId: z.string({ message: "Choose a node." }).min(1, { message: "Choose a node." }),
  distro: z.enum(["debian-12", "debian-11"], { message: "Choose debian-12 or debian-11." }),
});

export const nodeChoiceSchema = z.object({
  nodeId: z.string({ message: "Choose a node." }).min(1, { message: "Choose a node." }),
});

/** The largest template the panel accepts, by upload or download. */
export const MAX_TEMPLATE_BYTES = 2 * 1024 ** 3;
