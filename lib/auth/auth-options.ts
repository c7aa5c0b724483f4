import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "../env";
import { isAppError } from "../errors/app-error";
import { getClientIp } from "./client-ip";
import { verifySignIn } from "./verify-sign-in";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * next-auth (v4) with e-mail + password (+ TOTP) credentials. Sessions are JWTs in an HttpOnly, SameSite=Lax
 * cookie (Secure when the panel is served over HTTPS). The token holds only the user id and session
 * version; lib/auth/get-actor.ts reloads the user on every request, so disabling a user or signing out
 * everywhere takes effect at once.
 */
export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    useSecureCookies: env.NEXTAUTH_URL.startsWith("https://"),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Berth",
        credentials: {
          email: { label: "E-mail", type: "email" },
          password: { label: "Password", type: "password" },
          totp: { label: "Code", type: "text" },
        },
        async authorize(credentials, req) {
          try {
            const user = await verifySignIn(
              {
                email: credentials?.email ?? "",
                password: credentials?.password ?? "",
                totp: credentials?.totp ?? "",
              },
              {
                ip: getClientIp(req.headers as Record<string, string>),
                userAgent: String((req.headers as Record<string, string> | undefined)?.["user-agent"] ?? ""),
              },
            );
            return { id: user.id, email: user.email, name: user.name, sv: user.sessionVersion };
          } catch (err) {
            // next-auth hands the thrown message to the client as `error`; the login form parses this JSON.
            if (isAppError(err)) {
              throw new Error(
                JSON.stringify({
                  code: err.code,
                  reason: err.reason,
                  retryAfterSeconds: err.retryAfterSeconds,
                }),
              );
            }
            // Anything else (database down, a bug) is logged here and never shown: its text can hold internals.
            console.error("sign-in failed", err);
            throw new Error(JSON.stringify({ code: "INTERNAL" }));
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sv?: number }).sv ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv } as typeof session;
      },
    },
  };
}
