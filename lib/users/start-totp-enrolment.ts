import "server-only";
import QRCode from "qrcode";
import type { UserActor } from "../auth/actor";
import { authorize } from "../auth/authorize";
import { sealSecret } from "../auth/secret-box";
import { createTotpSecret, getTotpUri } from "../auth/totp";
import { db } from "../db";
import { AppError } from "../errors/app-error";

/**
 * Makes a new TOTP secret for the actor and returns it with a QR code to scan. The secret is stored sealed
 * but not active until confirmTotpEnrolment() sees a valid code from it.
 */
export async function startTotpEnrolment(options: { actor: UserActor }) {
  const { actor } = options;
  authorize(actor, "profile.update", { type: "user", id: actor.userId, tenantId: actor.tenantId });
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { totpEnabledAt: true } });
  if (user?.totpEnabledAt) {
    throw new AppError(
      "CONFLICT",
      "Two-factor authentication is already on. Turn it off first to enrol a new app.",
    );
  }
  const secret = createTotpSecret();
  await db.user.update({
    where: { id: actor.userId },
    data: { totpSecret: sealSecret(secret), totpEnabledAt: null, totpLastStep: null },
    select: { id: true },
  });
  const uri = getTotpUri(secret, actor.email);
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, uri, qrSvg };
}
