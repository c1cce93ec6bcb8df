import type { PlatformEnv } from "./context.ts";
import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError } from "./errors.ts";
import { Email, Name, Password, Slug } from "./schemas.ts";
import { PROCESSES } from "../../engine/pricing/price-book.ts";
import { hashPassword } from "../auth/passwords.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import { createTenantWithOwner, findTenantBySlug } from "../db/tenants.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { clientIp, enforceRateLimit } from "../middleware/rate-limit.ts";

/** Long enough for a slow redirect, short enough that a leaked link is soon worthless. */
const SIGN_IN_LINK_TTL_MS = 10 * 60 * 1000;

const CreateTenant = z
  .strictObject({
    name: Name,
    slug: Slug,
    owner_email: Email,
    owner_password: Password,
    owner_name: Name.optional(),
    processes: z
      .array(z.enum(PROCESSES))
      .min(1, "choose at least one process")
      .max(PROCESSES.length)
      .refine((p) => new Set(p).size === p.length, "names a process twice")
      .optional()
      .openapi({
        description:
          "The processes the shop offers; its first price book starts from a template machine and materials for each (the full demo catalogue when left out)",
      }),
  })
  .openapi("CreateTenant");

const TenantCreated = z
  .object({
    tenant: z.object({ id: z.string(), slug: z.string(), name: z.string(), url: z.string() }),
    owner: z.object({ id: z.string(), email: z.string() }),
    sign_in_url: z.string().openapi({ description: "Opens the new shop signed in as its owner: once, within 10 minutes (the token travels in the fragment)" }),
  })
  .openapi("TenantCreated");

const create = defineRoute({
  permission: "public",
  host: "root",
  method: "post",
  path: "/",
  tags: ["Tenants"],
  summary: "Sign up a shop (root host only)",
  request: { body: { content: { "application/json": { schema: CreateTenant } }, required: true } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: envelope(TenantCreated) } } },
    ...errorResponses(400, 404, 409, 413, 415, 429),
  },
});

export const tenantsRouter = createRouter<PlatformEnv>().openapi(create, async (c) => {
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
    // The session cookie belongs to the shop's host, so the owner is signed in there through a one-use link.
    const signIn = randomToken();
    const ownerSignIn = { token_hash: await sha256Hex(signIn), expires_at: Date.now() + SIGN_IN_LINK_TTL_MS };
    const { tenant, ownerId } = await createTenantWithOwner(
      c.env,
      db,
      { name: body.name, slug: body.slug, processes: body.processes, owner, ownerSignIn },
      c.get("requestId"),
    );
    const url = new URL(c.req.url);
    url.hostname = `${tenant.slug}.${c.env.APP_DOMAIN}`;
    url.pathname = "/";
    url.search = "";
    const signInUrl = new URL(`/start#token=${signIn}`, url);
    return ok(
      c,
      {
        tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, url: url.toString() },
        owner: { id: ownerId, email: owner.email },
        sign_in_url: signInUrl.toString(),
      },
      201,
    );
  } catch (e) {
    // Two sign-ups racing for one slug: the UNIQUE index decides.
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
});
