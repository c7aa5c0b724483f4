import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/auth-options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// next-auth v4 reads params synchronously; Next 16 gives them as a promise.
async function handler(req: Request, ctx: Ctx) {
  const params = await ctx.params;
  return NextAuth(req as never, { params } as never, getAuthOptions());
}

export { handler as GET, handler as POST };
