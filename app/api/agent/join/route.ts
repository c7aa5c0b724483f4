import { NextResponse } from "next/server";
import { getClientIp } from "@/lib/auth/client-ip";
import { toErrorResponse } from "@/lib/errors/http-response";
import { completeNodeJoin } from "@/lib/nodes/complete-node-join";

// `berth-agent join` posts here. Authenticated by the one-time token in the body, not by a session.
export async function POST(req: Request) {
  try {
    const input = await req.json().catch(() => null);
    return NextResponse.json(await completeNodeJoin({ input, ip: getClientIp(req.headers) }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
