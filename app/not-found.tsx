import Link from "next/link";
import { getTranslator } from "@/lib/preferences/get-preferences";

export default async function NotFound() {
  const { t } = await getTranslator();
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold">{t("notFound.title")}</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600 dark:text-slate-400">{t("notFound.body")}</p>
      <Link href="/" className="mt-6 text-sm font-medium text-brand-600 hover:underline">
        {t("notFound.home")}
      </Link>
    </div>
  );
}
