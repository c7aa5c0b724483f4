import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/get-actor";

// The start page sends each role to its home.
export default async function HomePage() {
  const actor = await getActor();
  if (!actor) redirect("/login");
  redirect(actor.role === "ADMIN" ? "/admin" : "/servers");
}
