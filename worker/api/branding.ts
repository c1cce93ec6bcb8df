import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, jsonResponse, ok } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { audit } from "../db/audit.ts";
import { patchTenantBranding, type Tenant } from "../db/tenants.ts";
import { logoKey } from "../storage/keys.ts";
import { sniffImage } from "../storage/image-type.ts";
import { hex } from "../storage/streams.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";

/** A logo is a small picture: it is drawn at most ~60 px high on pages and 40 pt on PDFs. */
export const LOGO_LIMIT = 512 * 1024;
/** PDFs embed PNG and JPEG only, so those are what a logo may be. */
const LOGO_TYPES = ["image/png", "image/jpeg"] as const;
const binary = z.any().openapi({ type: "string", format: "binary" });

const Branding = z
  .object({
    primary_color: z
      .string()
      .openapi({ description: "The shop's colour (#rrggbb): storefront buttons and links, the stripe on its documents", example: "#0f766e" }),
    logo_url: z.string().nullable().openapi({ description: "Where the storefront and documents load the logo from; null without one" }),
  })
  .openapi("Branding");

const present = (t: Tenant) => ({ primary_color: t.branding.primary_color, logo_url: t.branding.logo_url ?? null });

const routes = {
  get: defineRoute({
    permission: "settings:write",
    method: "get",
    path: "/",
    tags: ["Tenant"],
    summary: "The shop's colour and logo",
    responses: { 200: jsonResponse("Branding", Branding), ...errorResponses(401, 403) },
  }),
  patch: defineRoute({
    permission: "settings:write",
    method: "patch",
    path: "/",
    tags: ["Tenant"],
    summary: "Change the shop's colour",
    request: {
      body: {
        required: true,
        content: {
          "application/json": {
            schema: z.strictObject({ primary_color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #0f766e") }).openapi("BrandingPatch"),
          },
        },
      },
    },
    responses: { 200: jsonResponse("Changed", Branding), ...errorResponses(400, 401, 403) },
  }),
  putLogo: defineRoute({
    permission: "settings:write",
    method: "put",
    path: "/logo",
    body: { bytes: LOGO_LIMIT, what: "The logo" },
    tags: ["Tenant"],
    summary: `Set the shop's logo (raw body: PNG or JPEG, at most ${LOGO_LIMIT / 1024} KB); the type is read from the bytes`,
    request: { body: { required: true, content: Object.fromEntries(LOGO_TYPES.map((t) => [t, { schema: binary }])) } },
    responses: { 200: jsonResponse("Set", Branding), ...errorResponses(400, 401, 403, 413, 415) },
  }),
  deleteLogo: defineRoute({
    permission: "settings:write",
    method: "delete",
    path: "/logo",
    tags: ["Tenant"],
    summary: "Remove the shop's logo (the storefront shows its name instead)",
    responses: { 200: jsonResponse("Removed", Branding), ...errorResponses(401, 403) },
  }),
};

const refusedLogo = (message: string) => new ApiError("UNSUPPORTED_MEDIA_TYPE", message, [{ field: "body", message }]);

export const brandingRouter = createRouter()
  .openapi(routes.get, (c) => ok(c, present(tenantOf(c))))
  .openapi(routes.patch, async (c) => {
    const scope = scopeOf(c);
    const primary_color = c.req.valid("json").primary_color.toLowerCase();
    const tenant = await patchTenantBranding(scope, { primary_color });
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "tenant.branding_changed",
      target_type: "tenant",
      target_id: scope.tenantId,
      data: { primary_color },
      request_id: c.get("requestId"),
    });
    return ok(c, present(tenant));
  })
  .openapi(routes.putLogo, async (c) => {
    const scope = scopeOf(c);
    // Bounded: the API's body limit has already refused a body over LOGO_LIMIT as it streamed in.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0) throw new ApiError("INVALID_REQUEST", "The logo is empty (0 bytes)", [{ field: "body", message: "is empty" }]);
    const type = sniffImage(bytes);
    if (type !== "image/png" && type !== "image/jpeg") throw refusedLogo("The logo must be a PNG or JPEG image (export an SVG logo as PNG)");
    const sha256 = hex(await crypto.subtle.digest("SHA-256", bytes));
    await c.env.FILES.put(logoKey(scope.tenantId, sha256), bytes, { httpMetadata: { contentType: type }, sha256 });
    const tenant = await patchTenantBranding(scope, { logo_url: `/api/v1/logo/${sha256}` });
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "tenant.logo_set",
      target_type: "tenant",
      target_id: scope.tenantId,
      data: { sha256, content_type: type, size_bytes: bytes.length },
      request_id: c.get("requestId"),
    });
    return ok(c, present(tenant));
  })
  .openapi(routes.deleteLogo, async (c) => {
    const tenant = await patchTenantBranding(scopeOf(c), { logo_url: null });
    return ok(c, present(tenant));
  });

const logo = defineRoute({
  permission: "public",
  method: "get",
  path: "/{sha256}",
  tags: ["Tenant"],
  summary: "The shop's logo image (public: the storefront shows it to everyone); immutable under its content hash",
  request: {
    params: z.object({
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .openapi({ param: { name: "sha256", in: "path" } }),
    }),
  },
  responses: {
    200: { description: "The image", content: Object.fromEntries(LOGO_TYPES.map((t) => [t, { schema: binary }])) },
    ...errorResponses(400, 404),
  },
});

/** Serves only the shop's current logo, so an old or another shop's hash is a 404. */
export const logoRouter = createRouter().openapi(logo, async (c) => {
  const { sha256 } = c.req.valid("param");
  const tenant = tenantOf(c);
  if (tenant.branding.logo_url !== `/api/v1/logo/${sha256}`) throw notFound("Logo");
  const object = await c.env.FILES.get(logoKey(tenant.id, sha256));
  if (!object) throw notFound("Logo");
  return new Response(object.body, {
    headers: { "content-type": object.httpMetadata?.contentType ?? "application/octet-stream", "cache-control": "public, max-age=31536000, immutable" },
  });
});
