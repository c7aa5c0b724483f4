import { PageHeader } from "@/components/ui/page-header";
import { adminPageMetadata, requirePageActor } from "@/lib/auth/get-actor";
import { getCreateContainerOptions } from "@/lib/containers/get-create-options";
import { getTranslator } from "@/lib/preferences/get-preferences";
import { CreateContainerForm } from "./create-container-form";

export const generateMetadata = adminPageMetadata("New container");

export default async function NewContainerPage({
  searchParams,
}: {
  searchParams: Promise<{ tenant?: string }>;
}) {
  const actor = await requirePageActor("container.create");
  const { t } = await getTranslator();
  const options = await getCreateContainerOptions({ actor });
  const { tenant } = await searchParams;
  return (
    <>
      <PageHeader title={t("containers.new")} subtitle={t("containers.subtitle")} />
      <CreateContainerForm options={options} defaultTenantId={tenant ?? ""} />
    </>
  );
}
