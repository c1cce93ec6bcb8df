import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError } from "./errors.ts";
import { Email, Name, Password, Slug } from "./schemas.ts";
import { hashPassword } from "../auth/passwords.ts";
import { createTenantWithOwner, findTenantBySlug } from "../db/tenants.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { clientIp, enforceRateLimit } from "../middleware/rate-limit.ts";

const CreateTenant = z
  .strictObject({
    name: Name,
    slug: Slug,
    owner_email: Email,
    owner_password: Password,
    owner_name: Name.optional(),
  })
  .openapi("CreateTenant");

const TenantCreated = z
  .object({
    tenant: z.object({ id: z.string(), slug: z.string(), name: z.string(), url: z.string() }),
    owner: z.object({ id: z.string(), email: z.string() }),
  })
  .openapi("TenantCreated");

const create = defineRoute({
  permission: "public", host: "root",
  method: "post",
  path: "/tenants",
  tags: ["Tenants"],
  summary: "Sign up a shop (root host only)",
  request: { body: { content: { "application/json": { schema: CreateTenant } }, required: true } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: envelope(TenantCreated) } } },
    ...errorResponses(400, 404, 409, 413, 415, 429),
  },
});

export const tenantsRouter = createRouter().openapi(create, async (c) => {
  const body = c.req.valid("json");
  await enforceRateLimit(c.env.AUTH_LIMITER, [`signup:ip:${clientIp(c.req.raw)}`]);
  const db = c.get("db");
  const taken = () => new ApiError("CONFLICT", "That shop address is taken", [{ field: "slug", message: "is taken", value: body.slug }]);
  if (await findTenantBySlug(db, body.slug)) throw taken();
  const owner = {
    email: body.owner_email,
    name: body.owner_name ?? body.owner_email.split("@")[0],
    password_hash: await hashPassword(body.owner_password),
  };
  try {
    const { tenant, ownerId } = await createTenantWithOwner(db, { name: body.name, slug: body.slug, owner }, c.get("requestId"));
    const url = new URL(c.req.url);
    url.hostname = `${tenant.slug}.${c.env.APP_DOMAIN}`;
    url.pathname = "/";
    url.search = "";
    return ok(c, { tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, url: url.toString() }, owner: { id: ownerId, email: owner.email } }, 201);
  } catch (e) {
    // Two sign-ups racing for one slug: the UNIQUE index decides.
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
});
