"use server";

import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/get-actor";
import { getRequestIp } from "@/lib/auth/get-request-ip";
import { runAction } from "@/lib/errors/action-result";
import { createIpPool } from "@/lib/ip-pools/create-ip-pool";
import { deleteIpPool } from "@/lib/ip-pools/delete-ip-pool";
import { reserveIpAddress } from "@/lib/ip-pools/reserve-ip-address";
import { unreserveIpAddress } from "@/lib/ip-pools/unreserve-ip-address";
import { updateIpPool } from "@/lib/ip-pools/update-ip-pool";

// Server actions take anything a client sends: ids are forced to strings, the rest is parsed by lib/.

export type PoolFormInput = {
  name: string;
  cidr: string;
  gateway: string;
  nameservers: string;
  nodeIds: string[];
};

export async function createPoolAction(input: PoolFormInput) {
  const res = await runAction(async () => {
    const pool = await createIpPool({ actor: await requireActor(), input, ip: await getRequestIp() });
    return { id: pool.id, name: pool.name };
  });
  if (res.ok) revalidatePath("/admin/ip-pools");
  return res;
}

export async function updatePoolAction(poolId: string, input: PoolFormInput) {
  const res = await runAction(async () => {
    const pool = await updateIpPool({
      actor: await requireActor(),
      poolId: String(poolId),
      input,
      ip: await getRequestIp(),
    });
    return { id: pool.id, name: pool.name };
  });
  if (res.ok) revalidatePath("/admin/ip-pools", "layout");
  return res;
}

export async function deletePoolAction(poolId: string) {
  const res = await runAction(async () => {
    await deleteIpPool({ actor: await requireActor(), poolId: String(poolId), ip: await getRequestIp() });
  });
  if (res.ok) revalidatePath("/admin/ip-pools");
  return res;
}

export async function reserveAddressAction(poolId: string, input: { address: string; note: string }) {
  const res = await runAction(async () => {
    const row = await reserveIpAddress({
      actor: await requireActor(),
      poolId: String(poolId),
      input,
      ip: await getRequestIp(),
    });
    return { address: row.address };
  });
  if (res.ok) revalidatePath("/admin/ip-pools", "layout");
  return res;
}

export async function unreserveAddressAction(poolId: string, address: string) {
  const res = await runAction(async () =>
    unreserveIpAddress({
      actor: await requireActor(),
      poolId: String(poolId),
      address: String(address),
      ip: await getRequestIp(),
    }),
  );
  if (res.ok) revalidatePath("/admin/ip-pools", "layout");
  return res;
}
