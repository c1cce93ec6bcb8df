import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { Role } from "./schemas.ts";
import { tenantOf } from "../middleware/tenant.ts";
import { can } from "../middleware/auth.ts";
import { PERMISSIONS, type Permission } from "../auth/permissions.ts";
import { DEFAULT_LOCALE } from "../../shared/locale.ts";

const Me = z
  .object({
    user: z.object({
      id: z.string().nullable(),
      email: z.string().nullable(),
      name: z.string().nullable(),
      role: Role,
      customer_id: z.string().nullable(),
    }),
    tenant: z.object({ id: z.string(), slug: z.string(), name: z.string(), currency: z.string(), primary_color: z.string(), locale: z.string() }),
    auth: z.enum(["session", "api_key"]),
    mfa: z
      .object({ enabled: z.boolean(), required: z.boolean() })
      .nullable()
      .openapi({
        description: "A person's two-step sign-in: on, and required by the shop (when required and off, only setting it up is allowed); null for an API key",
      }),
    permissions: z.array(z.string()),
  })
  .openapi("Me");

const me = defineRoute({
  permission: "signed_in",
  method: "get",
  path: "/",
  tags: ["Auth"],
  summary: "Who am I, on which shop, allowed to do what",
  responses: { 200: { description: "The caller", content: { "application/json": { schema: envelope(Me) } } }, ...errorResponses(401, 404) },
});

export const meRouter = createRouter().openapi(me, (c) => {
  const tenant = tenantOf(c);
  const p = c.get("principal")!;
  const user =
    p.kind === "user"
      ? { id: p.userId, email: p.email, name: p.name, role: p.role, customer_id: p.customerId }
      : { id: p.userId, email: null, name: null, role: p.role, customer_id: p.customerId };
  return ok(c, {
    user,
    tenant: {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      currency: tenant.currency,
      primary_color: tenant.branding.primary_color,
      locale: tenant.settings.locale ?? DEFAULT_LOCALE,
    },
    auth: p.kind === "user" ? ("session" as const) : ("api_key" as const),
    mfa: p.kind === "user" ? p.mfa : null,
    permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((perm) => can(p, perm)),
  });
});
