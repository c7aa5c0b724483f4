import {
  getRootPasswordProblem,
  ROOT_PASSWORD_PROBLEMS,
  type RootPasswordProblem,
} from "@/lib/containers/root-password-rules";
import type { MessageKey, Translate } from "@/lib/i18n/messages";

const KEYS: Record<RootPasswordProblem, MessageKey> = {
  "too-short": "rootPassword.problem.too-short",
  "too-long": "rootPassword.problem.too-long",
  "control-characters": "rootPassword.problem.control-characters",
  "few-classes": "rootPassword.problem.few-classes",
  repetitive: "rootPassword.problem.repetitive",
  common: "rootPassword.problem.common",
  hostname: "rootPassword.problem.hostname",
};

/** The server's refusal in the user's language when it names a root password rule, else as sent. */
export function translateRootPasswordError(t: Translate, res: { error: string; reason?: string }): string {
  const problem = res.reason?.replace(/^root-password\./, "");
  return problem && (ROOT_PASSWORD_PROBLEMS as readonly string[]).includes(problem)
    ? t(KEYS[problem as RootPasswordProblem])
    : res.error;
}

/** The same rules as the server, run while typing: the first one broken, in the user's language. */
export function describeRootPasswordProblem(t: Translate, password: string, hostname: string): string | null {
  const problem = getRootPasswordProblem(password, { hostname });
  return problem ? t(KEYS[problem]) : null;
}
