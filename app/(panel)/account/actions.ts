"use server";

import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { runAction } from "@/lib/errors/action-result";
import { changeOwnPassword } from "@/lib/users/change-own-password";
import { confirmTotpEnrolment } from "@/lib/users/confirm-totp-enrolment";
import { disableTotp } from "@/lib/users/disable-totp";
import { signOutEverywhere } from "@/lib/users/sign-out-everywhere";
import { startTotpEnrolment } from "@/lib/users/start-totp-enrolment";

export async function changePasswordAction(input: {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}) {
  return runAction(async () =>
    changeOwnPassword({ actor: await requireActor(), input, ip: await getRequestIp() }),
  );
}

export async function startTotpAction() {
  return runAction(async () => startTotpEnrolment({ actor: await requireActor() }));
}

export async function confirmTotpAction(code: string) {
  return runAction(async () =>
    confirmTotpEnrolment({ actor: await requireActor(), code: String(code), ip: await getRequestIp() }),
  );
}

export async function disableTotpAction(proof: string) {
  return runAction(async () =>
    disableTotp({ actor: await requireActor(), proof: String(proof), ip: await getRequestIp() }),
  );
}

export async function signOutEverywhereAction() {
  return runAction(async () => signOutEverywhere({ actor: await requireActor(), ip: await getRequestIp() }));
}

export async function createApiTokenAction(input: {
  name: string;
  scopes: string[];
  expiresInDays: number | "";
}) {
  return runAction(async () => {
    const res = await createApiToken({
      actor: await requireActor(),
      input: {
        name: String(input?.name ?? ""),
        scopes: Array.isArray(input?.scopes) ? input.scopes.map(String) : [],
        expiresInDays: input?.expiresInDays ?? "",
      },
      ip: await getRequestIp(),
    });
    // The secret leaves the server this once; the list shows the prefix only.
    return { name: res.token.name, prefix: res.token.prefix, secret: res.secret };
  });
}

export async function revokeApiTokenAction(tokenId: string) {
  return runAction(async () =>
    revokeApiToken({ actor: await requireActor(), tokenId: String(tokenId), ip: await getRequestIp() }),
  );
}
