import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { getActor } from "@/lib/auth/get-actor";
import { getTranslator } from "@/lib/preferences/get-preferences";

// Every signed-in page renders inside this shell. Not the security gate: each page and action authorizes.
export default async function PanelLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  if (!actor) redirect("/login");
  const { t } = await getTranslator();
  return (
    <AppShell actor={actor} t={t}>
      {children}
    </AppShell>
  );
}
