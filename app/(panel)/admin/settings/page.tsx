import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { getSetting } from "@/lib/settings/settings";
import { RequireTotpToggle } from "./require-totp-toggle";

export const generateMetadata = adminPageMetadata("Settings");

export default async function SettingsPage() {
  await requirePageActor("settings.manage");
  const { t } = await getTranslator();
  const requireAdminTotp = await getSetting("requireAdminTotp");
  return (
    <>
      <PageHeader title={t("settings.title")} subtitle={t("settings.subtitle")} />
      <Card>
        <RequireTotpToggle initial={requireAdminTotp} />
      </Card>
    </>
  );
}
