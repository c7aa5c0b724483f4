"use server";

import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { runAction } from "@/lib/errors/action-result";
import { updateSetting } from "@/lib/settings/update-setting";

export async function setRequireAdminTotpAction(value: boolean) {
  return runAction(async () =>
    updateSetting({ actor: await requireActor(), key: "requireAdminTotp", value, ip: await getRequestIp() }),
  );
}
