import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { audit } from "../db/audit.ts";
import { patchTenantSettings, type Tenant } from "../db/tenants.ts";
import { principalOf } from "../middleware/auth.ts";
import { currentTerms, STANDARD_TERMS } from "../shop/terms.ts";
import { ApiError } from "./errors.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { canonicalLocale, DEFAULT_LOCALE } from "../../shared/locale.ts";
import { DEFAULT_CUSTOMER_DAILY_UPLOADS } from "./upload-quota.ts";
import { DEFAULT_PAYMENT_DUE_DAYS, paymentDueDays } from "../orders/invoice.ts";

/** One line of text as a person types it: trimmed, no control characters. */
const Line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, "must be a single line of text");

const Business = z
  .object({
    legal_name: z.string().nullable().openapi({ description: "The registered company name quotes are made out in; the shop's name when null" }),
    legal_address: z.array(z.string()).openapi({ description: "The registered address, one line per entry" }),
    vat_id: z.string().nullable(),
    quote_terms: z.string().nullable().openapi({ description: "The shop's own terms, one paragraph per line; the standard terms when null" }),
    quote_validity_days: z.number().int(),
    terms_version: z.number().int().openapi({ description: "The version of the current terms; changing their text makes the next one" }),
    locale: z.string().openapi({ description: "The BCP 47 locale the shop's pages format money, numbers and dates in", example: "en-GB" }),
    customer_daily_uploads: z.number().int().openapi({ description: "Files one signed-in customer account may upload in 24 hours" }),
    payment_due_days: z.number().int().openapi({ description: "Days an invoice gives a purchase-order customer to pay it" }),
  })
  .openapi("BusinessDetails");

/** A locale the runtime can format in, stored in its canonical form (`de-de` → `de-DE`). */
const Locale = z
  .string()
  .trim()
  .max(35)
  .transform((tag, ctx) => {
    const canonical = canonicalLocale(tag);
    if (canonical) return canonical;
    ctx.addIssue({ code: "custom", message: "must be a language and region such as en-GB, en-US or de-DE" });
    return z.NEVER;
  });

const BusinessPatch = z
  .strictObject({
    legal_name: Line(200).nullable().optional(),
    legal_address: z.array(Line(200)).max(6, "use at most 6 lines").optional(),
    vat_id: z
      .string()
      .trim()
      .min(4)
      .max(20)
      .regex(/^[A-Za-z0-9 .-]+$/, "letters, digits, spaces, dots and dashes only")
      .nullable()
      .optional(),
    quote_terms: z.string().trim().min(1).max(4000).nullable().optional(),
    quote_validity_days: z.number().int().min(1).max(365).optional(),
    locale: Locale.nullable()
      .optional()
      .openapi({ type: "string", description: `How money, numbers and dates are written on the shop's pages; null: ${DEFAULT_LOCALE}` }),
    customer_daily_uploads: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .nullable()
      .optional()
      .openapi({ description: `Files one customer account may upload in 24 hours; null: ${DEFAULT_CUSTOMER_DAILY_UPLOADS}` }),
    payment_due_days: z
      .number()
      .int()
      .min(0)
      .max(365)
      .nullable()
      .optional()
      .openapi({ description: `Days an invoice gives to pay it; null: ${DEFAULT_PAYMENT_DUE_DAYS}` }),
  })
  .openapi("BusinessDetailsPatch");

const present = (t: Tenant) => ({
  legal_name: t.settings.legal_name ?? null,
  legal_address: t.settings.legal_address ?? [],
  vat_id: t.settings.vat_id ?? null,
  quote_terms: t.settings.quote_terms ?? null,
  quote_validity_days: t.settings.quote_validity_days,
  terms_version: currentTerms(t).version,
  locale: t.settings.locale ?? DEFAULT_LOCALE,
  customer_daily_uploads: t.settings.customer_daily_uploads ?? DEFAULT_CUSTOMER_DAILY_UPLOADS,
  payment_due_days: paymentDueDays(t),
});

const response = (description: string) => ({ description, content: { "application/json": { schema: envelope(Business) } } });

const routes = {
  get: defineRoute({
    permission: "settings:write",
    method: "get",
    path: "/",
    tags: ["Shop"],
    summary: "The shop's business details as its quotes print them",
    responses: { 200: response("Business details"), ...errorResponses(401, 403, 404) },
  }),
  patch: defineRoute({
    permission: "settings:write",
    method: "patch",
    path: "/",
    tags: ["Shop"],
    summary: "Change the shop's business details (fields left out stay; null clears one); new quote PDFs use them at once",
    request: { body: { content: { "application/json": { schema: BusinessPatch } }, required: true } },
    responses: { 200: response("Changed"), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
  }),
};

export const businessRouter = createRouter()
  .openapi(routes.get, (c) => ok(c, present(tenantOf(c))))
  .openapi(routes.patch, async (c) => {
    const patch: Parameters<typeof patchTenantSettings>[1] = { ...c.req.valid("json") };
    const scope = scopeOf(c);
    const terms = currentTerms(tenantOf(c));
    const newTerms = "quote_terms" in patch && (patch.quote_terms ?? STANDARD_TERMS) !== terms.text;
    // New terms are a new version; the old text stays readable for the orders that accepted it.
    if (newTerms) {
      patch.terms_version = terms.version + 1;
      patch.terms_history = [...(tenantOf(c).settings.terms_history ?? []), { version: terms.version, text: terms.text, replaced_at: Date.now() }];
    }
    const tenant = await patchTenantSettings(scope, patch, newTerms ? terms.version : undefined);
    if (!tenant)
      throw new ApiError("CONFLICT", "The terms were changed meanwhile; reload the page and make your change again", [
        { field: "quote_terms", message: "changed meanwhile" },
      ]);
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "tenant.business_changed",
      target_type: "tenant",
      target_id: tenant.id,
      data: { fields: Object.keys(patch) },
      request_id: c.get("requestId"),
    });
    return ok(c, present(tenant));
  });
