// vzctl's exit codes (vzctl(8), EXIT STATUS) for the failures the agent can report.
export const VZ = {
  SYSTEM_ERROR: 3,
  RESOURCE_ERROR: 6,
  COMMAND_EXECUTION_ERROR: 8,
  LOCKED: 9,
  NOCONFIG: 14,
  CHKPNT_ERROR: 16,
  RESTORE_ERROR: 17,
  INVALID_PARAMETER_SYNTAX: 20,
  INVALID_PARAMETER_VALUE: 21,
  NO_OSTEMPLATE: 29,
  VE_NOT_RUNNING: 31,
  VE_RUNNING: 32,
  STOP_ERROR: 33,
  CANT_ADDIP: 34,
  VE_NOT_MOUNTED: 40,
  VE_MOUNTED: 41,
  VE_PRIVATE_NOT_EXIST: 43,
  VE_PRIVATE_EXIST: 44,
  DISK_SPACE: 46,
  BAD_TMPL: 47,
  IP_INUSE: 78,
  OSTEMPLATE_NOT_FOUND: 91,
  SET_NAME_ERROR: 131,
  WAIT_FAILED: 133,
  NOT_SUPPORTED: 150,
} as const;

export class AgentError extends Error {
  constructor(
    readonly code: keyof typeof VZ | "BAD_REQUEST" | "NOT_FOUND",
    message: string,
  ) {
    super(message);
  }

  get exitCode(): number {
    if (this.code === "BAD_REQUEST") return VZ.INVALID_PARAMETER_VALUE;
    if (this.code === "NOT_FOUND") return VZ.NOCONFIG;
    return VZ[this.code];
  }
}
