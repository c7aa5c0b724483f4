import "server-only";
import { verify } from "@node-rs/argon2";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { AppError } from "../errors/app-error";
import {
  getLockoutMs,
  LOGIN_WINDOW_MS,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_IP,
} from "./login-rate-limit";
import { verifyPassword } from "./password";
import { type SignInInput, signInSchema } from "./schemas";
import { openSecret } from "./secret-box";
import { normalizeRecoveryCode, verifyTotpCode } from "./totp";

export type SignedInUser = {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "CUSTOMER";
  sessionVersion: number;
};

// One message for unknown e-mail and wrong password: the form must not tell which e-mails have accounts.
const BAD_CREDENTIALS = "Wrong e-mail or password. Check both and try again.";

async function getRecentFailures(where: { email: string } | { ip: string }): Promise<number[]> {
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);
  const lastSuccess = await db.loginAttempt.findFirst({
    where: { ...where, isSuccess: true, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const rows = await db.loginAttempt.findMany({
    where: { ...where, isSuccess: false, createdAt: { gte: lastSuccess?.createdAt ?? since } },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { createdAt: true },
  });
  return rows.map((r) => r.createdAt.getTime());
}

async function recordAttempt(
  email: string,
  ip: string,
  userAgent: string,
  isSuccess: boolean,
  reason?: string,
) {
  await db.loginAttempt.create({
    data: { email, ip, isSuccess, reason, userAgent: userAgent.slice(0, 300) },
    select: { id: true },
  });
}

async function spendRecoveryCode(userId: string, storedJson: string | null, code: string): Promise<boolean> {
  const hashes: string[] = storedJson ? JSON.parse(storedJson) : [];
  const normalized = normalizeRecoveryCode(code);
  for (const [i, h] of hashes.entries()) {
    if (await verify(h, normalized).catch(() => false)) {
      const rest = hashes.filter((_, j) => j !== i);
      // Compare-and-set on the old list: two concurrent sign-ins cannot both spend the same code.
      const res = await db.user.updateMany({
        where: { id: userId, totpRecoveryCodes: storedJson },
        data: { totpRecoveryCodes: JSON.stringify(rest) },
      });
      return res.count === 1;
    }
  }
  return false;
}

/**
 * Checks a sign-in: rate limits, password (argon2id), disabled flag, second factor. Records the attempt
 * and an audit event. Throws AppError with RATE_LIMITED, UNAUTHENTICATED or TOTP_REQUIRED.
 */
export async function verifySignIn(
  raw: SignInInput,
  context: { ip: string; userAgent: string },
): Promise<SignedInUser> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("UNAUTHENTICATED", BAD_CREDENTIALS, { reason: "bad-credentials" });
  const { email, password, totp } = parsed.data;
  const { ip, userAgent } = context;
  const now = Date.now();

  const waitMs = Math.max(
    getLockoutMs(await getRecentFailures({ email }), MAX_FAILURES_PER_ACCOUNT, now),
    getLockoutMs(await getRecentFailures({ ip }), MAX_FAILURES_PER_IP, now),
  );
  if (waitMs > 0) {
    await recordAttempt(email, ip, userAgent, false, "rate-limited");
    const minutes = Math.ceil(waitMs / 60_000);
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-ins. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
      { retryAfterSeconds: Math.ceil(waitMs / 1000), reason: "rate-limited" },
    );
  }

  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      passwordHash: true,
      isDisabled: true,
      sessionVersion: true,
      totpSecret: true,
      totpEnabledAt: true,
      totpLastStep: true,
      totpRecoveryCodes: true,
      tenant: { select: { id: true } },
    },
  });

  const isPasswordOk = await verifyPassword(user?.passwordHash ?? null, password);
  const fail = async (reason: string, code: "UNAUTHENTICATED" | "TOTP_REQUIRED", message: string) => {
    await recordAttempt(email, ip, userAgent, false, reason);
    await recordAuditEvent({
      actor: { kind: "anonymous", label: email },
      action: "auth.sign-in",
      result: "failure",
      targetType: user ? "user" : undefined,
      targetId: user?.id,
      ip,
      details: { reason },
    });
    return new AppError(code, message, { reason });
  };

  if (!user || !isPasswordOk) {
    // Both reasons are logged, but the client sees one: "bad-credentials".
    const err = await fail(user ? "bad-password" : "unknown-user", "UNAUTHENTICATED", BAD_CREDENTIALS);
    throw new AppError(err.code, err.message, { reason: "bad-credentials" });
  }
  if (user.isDisabled) {
    throw await fail("disabled", "UNAUTHENTICATED", "This account is disabled. Contact your administrator.");
  }

  let totpStep: number | null = null;
  if (user.totpEnabledAt && user.totpSecret) {
    if (totp === "") {
      // Not a failure: the form now asks for the code. Not recorded, so it cannot be used to count.
      throw new AppError("TOTP_REQUIRED", "Enter the 6-digit code from your authenticator app.", {
        reason: "totp-needed",
      });
    }
    if (/^\d{6}$/.test(totp.replace(/\s+/g, ""))) {
      totpStep = verifyTotpCode(openSecret(user.totpSecret), totp, user.totpLastStep);
      if (totpStep === null) {
        throw await fail(
          "bad-totp",
          "TOTP_REQUIRED",
          "That code is wrong or already used. Wait for the next code.",
        );
      }
    } else if (!(await spendRecoveryCode(user.id, user.totpRecoveryCodes, totp))) {
      throw await fail("bad-recovery-code", "TOTP_REQUIRED", "That recovery code is wrong or already used.");
    }
  }

  await db.user.update({
    where: { id: user.id },
    data: { lastLoginAt: new Date(), ...(totpStep !== null ? { totpLastStep: totpStep } : {}) },
    select: { id: true },
  });
  await recordAttempt(email, ip, userAgent, true);
  await recordAuditEvent({
    actor: {
      kind: "user",
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      tenantId: user.tenant?.id ?? null,
      locale: "en",
      isDisabled: false,
    },
    action: "auth.sign-in",
    result: "success",
    targetType: "user",
    targetId: user.id,
    ip,
  });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sessionVersion: user.sessionVersion,
  };
}
