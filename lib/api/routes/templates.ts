import "server-only";
import { z } from "zod";
import { getCatalogueTemplate } from "../../templates/get-catalogue-template";
import { listCatalogueTemplates } from "../../templates/list-catalogue-templates";
import { defineApiRoute } from "../define-api-route";
import { templateView, toTemplateView } from "../views-admin";

const tag = "Templates";

export const listTemplatesRoute = defineApiRoute({
  method: "GET",
  path: "/templates",
  operationId: "listTemplates",
  action: "template.read",
  summary: "List OS templates",
  description:
    "Admins see every template with its state; a customer sees the enabled templates their tenant may use.",
  tag,
  response: z.object({ data: z.array(templateView) }).meta({ id: "TemplateList" }),
  async handler({ actor }) {
    const rows = await listCatalogueTemplates({ actor });
    return { data: rows.map(toTemplateView) };
  },
});

export const getTemplateRoute = defineApiRoute({
  method: "GET",
  path: "/templates/{templateId}",
  operationId: "getTemplate",
  action: "template.read",
  summary: "Get an OS template",
  description: "A template a customer may not use answers 404, like a missing one.",
  tag,
  params: z.object({ templateId: z.string().min(1).max(64) }),
  response: templateView,
  async handler({ actor, params }) {
    return toTemplateView(await getCatalogueTemplate({ actor, templateId: params.templateId }));
  },
});
