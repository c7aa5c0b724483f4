/** What admin lists and the REST API show of a user: never the password hash, TOTP secret or codes. */
export const USER_SUMMARY_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  isDisabled: true,
  totpEnabledAt: true,
  lastLoginAt: true,
  createdAt: true,
  tenant: { select: { id: true, name: true } },
} as const;
