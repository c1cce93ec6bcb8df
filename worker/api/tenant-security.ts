import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, jsonResponse, ok } from "./envelope.ts";
import { MFA_GROUPS } from "../auth/mfa-policy.ts";
import { audit } from "../db/audit.ts";
import { patchTenantSettings, type Tenant } from "../db/tenants.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";

const Groups = z
  .array(z.enum(MFA_GROUPS))
  .max(MFA_GROUPS.length)
  .openapi({
    description:
      "Who must use two-step sign-in: `staff` (owner, admins, staff), `customer_admins` (each company's admin), `customers` (every customer account). Empty: nobody is made to. Someone it applies to who has not turned it on can only set it up until they do.",
    example: ["staff", "customer_admins"],
  });

const SecuritySettings = z.object({ mfa_required_for: Groups }).openapi("SecuritySettings");
const SecuritySettingsPatch = z.strictObject({ mfa_required_for: Groups }).openapi("SecuritySettingsPatch");

const present = (t: Tenant) => ({ mfa_required_for: t.settings.mfa_required_for ?? [] });

const routes = {
  get: defineRoute({
    permission: "settings:write",
    method: "get",
    path: "/",
    tags: ["Auth"],
    summary: "Who the shop requires two-step sign-in of",
    responses: { 200: jsonResponse("Security settings", SecuritySettings), ...errorResponses(401, 403) },
  }),
  patch: defineRoute({
    permission: "settings:write",
    method: "patch",
    path: "/",
    tags: ["Auth"],
    summary: "Change who the shop requires two-step sign-in of (takes effect on their next request)",
    request: { body: { required: true, content: { "application/json": { schema: SecuritySettingsPatch } } } },
    responses: { 200: jsonResponse("Changed", SecuritySettings), ...errorResponses(400, 401, 403) },
  }),
};

export const tenantSecurityRouter = createRouter()
  .openapi(routes.get, (c) => ok(c, present(tenantOf(c))))
  .openapi(routes.patch, async (c) => {
    const { mfa_required_for } = c.req.valid("json");
    const scope = scopeOf(c);
    const tenant = await patchTenantSettings(scope, { mfa_required_for: [...new Set(mfa_required_for)] });
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "tenant.security_settings_changed",
      target_type: "tenant",
      target_id: scope.tenantId,
      data: { mfa_required_for },
      request_id: c.get("requestId"),
    });
    return ok(c, present(tenant!));
  });
