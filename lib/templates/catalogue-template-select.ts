/** What the catalogue (REST API) shows of a template; storedPath and sourceUrl stay inside the panel. */
export const CATALOGUE_TEMPLATE_SELECT = {
  id: true,
  name: true,
  distro: true,
  version: true,
  arch: true,
  variant: true,
  format: true,
  sha256: true,
  sizeBytes: true,
  isEnabled: true,
  createdAt: true,
} as const;
