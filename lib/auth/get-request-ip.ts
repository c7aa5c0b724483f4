import "server-only";
import { headers } from "next/headers";
import { getClientIp } from "./client-ip";

export async function getRequestIp(): Promise<string> {
  return getClientIp(await headers());
}
