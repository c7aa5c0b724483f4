import { NextResponse } from "next/server";
import { getClientIp } from "@/lib/auth/client-ip";
import { getActor } from "@/lib/auth/get-actor";
import { getAllowedOrigins } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { toErrorResponse } from "@/lib/errors/http-response";
import { addUploadedTemplate } from "@/lib/templates/add-uploaded-template";

// POST /api/templates/upload?name=<template>&sha256=<hex>, body: the template file itself (not multipart),
// so it streams to disk as it arrives (lib/templates/add-uploaded-template.ts); up to 2 GiB.
export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  try {
    // A cookie-authenticated state change: only from the panel's own pages (server actions get the same
    // check from Next; a route handler must do it itself).
    const origin = req.headers.get("origin");
    if (!origin || !getAllowedOrigins().includes(origin))
      throw new AppError("FORBIDDEN", "This request did not come from the panel's own pages.");
    const actor = await getActor();
    if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    const url = new URL(req.url);
    const created = await addUploadedTemplate({
      actor,
      input: { name: url.searchParams.get("name") ?? "", sha256: url.searchParams.get("sha256") ?? "" },
      body: req.body,
      contentLength: Number(req.headers.get("content-length")) || null,
      ip: getClientIp(req.headers),
    });
    return NextResponse.json(created, { status: 201 });
  } catch (err) {
    return toErrorResponse(err);
  }
}
