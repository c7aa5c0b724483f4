// OpenVZ-style template names: <distro>-<version>-<arch>[-<variant>], e.g. debian-12-x86_64-minimal.

export const TEMPLATE_NAME_PATTERN =
  /^([a-z][a-z0-9]*)-([0-9][0-9a-z.]*)-(x86_64|amd64|i386|aarch64|arm64)(?:-([a-z0-9][a-z0-9._-]*))?$/;

export type TemplateNameParts = { distro: string; version: string; arch: string; variant: string };

export function parseTemplateName(name: string): TemplateNameParts | null {
  const m = TEMPLATE_NAME_PATTERN.exec(name);
  if (!m) return null;
  return {
    distro: m[1] as string,
    version: m[2] as string,
    arch: m[3] as string,
    variant: m[4] ?? "default",
  };
}
