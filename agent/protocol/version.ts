/** Bumped on any incompatible change of a command, reply or signature format. */
export const PROTOCOL_VERSION = 1;
