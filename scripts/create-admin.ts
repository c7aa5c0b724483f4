// First-run admin: creates one when none exists and prints its password once.
//   tsx scripts/create-admin.ts [email]      (BERTH_ADMIN_PASSWORD may set the password, e.g. for CI)
import { ensureFirstAdmin } from "../lib/users/ensure-first-admin";

const email = process.argv[2] ?? process.env.BERTH_ADMIN_EMAIL ?? "admin@berth.local";
const created = await ensureFirstAdmin({ email, password: process.env.BERTH_ADMIN_PASSWORD || undefined });
if (created) {
  console.log("");
  console.log("  Berth administrator created. This password is shown only now:");
  console.log(`    e-mail:   ${created.email}`);
  console.log(`    password: ${created.password}`);
  console.log("");
} else {
  console.log("An administrator already exists; no new login was created.");
}
process.exit(0);
