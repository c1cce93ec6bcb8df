import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, jsonResponse, ok } from "./envelope.ts";
import { audit } from "../db/audit.ts";
import { patchTenantSettings, type Tenant } from "../db/tenants.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { DEFAULT_REMNANT_MIN_LENGTH_MM } from "../production/cutting-consumption.ts";
import { COMPLIANCE_FIELDS } from "../db/schema/index.ts";

const declaration = (label: string) =>
  z
    .string()
    .trim()
    .min(1, "write the declaration or send null")
    .max(200, "must be at most 200 characters")
    .nullable()
    .optional()
    .openapi({ description: label });

const Compliance = z
  .object({
    pas_24: z.string().nullable(),
    bs_6375_1: z.string().nullable(),
    secured_by_design: z.string().nullable(),
  })
  .openapi("ComplianceDeclarations", { description: "What the shop declares its products meet, printed on technical package datasheets; null: not declared" });

const ProductionSettings = z
  .object({
    remnant_min_length_mm: z.number().int().openapi({ description: "Offcuts at least this long go back to stock as remnant lots when the cut is finished" }),
    compliance: Compliance,
    drawing_approval_required: z.boolean().openapi({
      description: "Production of an order waits (its manufacturing orders cannot start) until the customer has approved its drawings' current revisions",
    }),
  })
  .openapi("ProductionSettings");

const ProductionSettingsPatch = z
  .strictObject({
    remnant_min_length_mm: z
      .number()
      .int("must be whole millimetres")
      .min(50, "must be at least 50 mm")
      .max(10_000, "must be at most 10,000 mm")
      .nullable()
      .optional()
      .openapi({ description: `null: ${DEFAULT_REMNANT_MIN_LENGTH_MM} mm` }),
    compliance: z
      .strictObject({
        pas_24: declaration(COMPLIANCE_FIELDS.pas_24),
        bs_6375_1: declaration(COMPLIANCE_FIELDS.bs_6375_1),
        secured_by_design: declaration(COMPLIANCE_FIELDS.secured_by_design),
      })
      .optional()
      .openapi({ description: "Declarations left out stay; null clears one" }),
    drawing_approval_required: z.boolean().optional(),
  })
  .openapi("ProductionSettingsPatch");

const present = (t: Tenant) => ({
  remnant_min_length_mm: t.settings.remnant_min_length_mm ?? DEFAULT_REMNANT_MIN_LENGTH_MM,
  compliance: {
    pas_24: t.settings.compliance?.pas_24 ?? null,
    bs_6375_1: t.settings.compliance?.bs_6375_1 ?? null,
    secured_by_design: t.settings.compliance?.secured_by_design ?? null,
  },
  drawing_approval_required: t.settings.drawing_approval_required ?? false,
});

const routes = {
  get: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/",
    tags: ["Production"],
    summary: "How the shop floor takes material out of stock, what the shop declares its products meet, and whether production waits for drawing approval",
    responses: { 200: jsonResponse("Production settings", ProductionSettings), ...errorResponses(401, 403) },
  }),
  patch: defineRoute({
    permission: "settings:write",
    method: "patch",
    path: "/",
    tags: ["Production"],
    summary: "Change the production settings (fields left out stay; null restores the default)",
    request: { body: { required: true, content: { "application/json": { schema: ProductionSettingsPatch } } } },
    responses: { 200: jsonResponse("Changed", ProductionSettings), ...errorResponses(400, 401, 403) },
  }),
};

export const productionSettingsRouter = createRouter()
  .openapi(routes.get, (c) => ok(c, present(tenantOf(c))))
  .openapi(routes.patch, async (c) => {
    const patch = c.req.valid("json");
    const scope = scopeOf(c);
    const tenant = await patchTenantSettings(scope, patch);
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "tenant.production_settings_changed",
      target_type: "tenant",
      target_id: scope.tenantId,
      data: patch,
      request_id: c.get("requestId"),
    });
    return ok(c, present(tenant!));
  });
