import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, jsonResponse, ok } from "./envelope.ts";
import { ApiError, notFound, unprocessable } from "./errors.ts";
import { IdParam } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { deleteDomain, domainsOf, findDomain, insertDomain, releaseStaleClaim, type TenantDomain } from "../db/domains.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { hostnameProvider } from "../domains/choose.ts";
import { recheck } from "../domains/recheck.ts";
import { isPlatformHostname, normalizeHostname } from "../domains/hostname.ts";
import { ProviderError, type HostnameProvider } from "../domains/provider.ts";
import type { Env } from "../env.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";

/** A shop has a handful of hostnames (www and bare, a brand or two), not a registry. */
const MAX_DOMAINS = 10;

const DnsRecordView = z.object({ type: z.enum(["CNAME", "TXT"]), name: z.string(), value: z.string() }).openapi("DnsRecord");

const DomainView = z
  .object({
    id: z.string(),
    hostname: z.string(),
    status: z.enum(["pending", "active", "failed"]).openapi({ description: "`active`: verified, with a certificate, and serving the storefront" }),
    dns_records: z.array(DnsRecordView).openapi({ description: "The records to create at the shop's DNS provider" }),
    problem: z.string().nullable().openapi({ description: "Why it is not active yet, when it is not" }),
    checked_at: z.string().nullable(),
    verified_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("CustomDomain");

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const present = (d: TenantDomain) => ({
  id: d.id!,
  hostname: d.hostname,
  status: d.status,
  dns_records: d.dns_records ?? [],
  problem: d.problem,
  checked_at: iso(d.checked_at),
  verified_at: iso(d.verified_at),
  created_at: iso(d.created_at)!,
});

const routes = {
  list: defineRoute({
    permission: "settings:write",
    method: "get",
    path: "/",
    tags: ["Tenant"],
    summary: "The shop's custom hostnames (at most 10, not paged), pending ones checked with the provider again (at most every 15 s)",
    responses: {
      200: { description: "Custom hostnames", content: { "application/json": { schema: envelope(z.array(DomainView)) } } },
      ...errorResponses(401, 403),
    },
  }),
  create: defineRoute({
    permission: "settings:write",
    method: "post",
    path: "/",
    tags: ["Tenant"],
    summary:
      "Add a custom hostname: answers the DNS records to create (a CNAME to the platform and the ownership TXT); the storefront is served on it once verified. 409 when another shop holds it or it is the platform's own",
    request: {
      body: { required: true, content: { "application/json": { schema: z.strictObject({ hostname: z.string().max(300) }).openapi("CustomDomainInput") } } },
    },
    responses: { 201: jsonResponse("Added, pending verification", DomainView), ...errorResponses(400, 401, 403, 409, 422, 503) },
  }),
  remove: defineRoute({
    permission: "settings:write",
    method: "delete",
    path: "/{id}",
    tags: ["Tenant"],
    summary: "Stop serving the storefront on a custom hostname and release it",
    request: { params: IdParam },
    responses: { 200: { description: "Removed", content: { "application/json": { schema: envelope(DomainView) } } }, ...errorResponses(401, 403, 404, 503) },
  }),
};

function providerOf(env: Env): HostnameProvider {
  const provider = hostnameProvider(env);
  if (!provider) throw new ApiError("SERVICE_UNAVAILABLE", "Custom domains are not set up on this platform yet; use your shop's address for now");
  return provider;
}

/** The provider's failure as a 503 the shop can retry; nothing was stored. */
async function withProvider<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof ProviderError) throw new ApiError("SERVICE_UNAVAILABLE", `${e.message}. Nothing was changed; try again in a minute.`);
    throw e;
  }
}

export const tenantDomainsRouter = createRouter()
  .openapi(routes.list, async (c) => {
    const scope = scopeOf(c);
    const domains = await recheck(scope, hostnameProvider(c.env), await domainsOf(scope));
    return ok(c, domains.map(present));
  })
  .openapi(routes.create, async (c) => {
    const scope = scopeOf(c);
    const typed = c.req.valid("json").hostname;
    const hostname = normalizeHostname(typed);
    if (!hostname) throw unprocessable("hostname", "Enter a hostname like shop.example.com (no https://, path or port)", typed);
    if (isPlatformHostname(hostname, c.env.APP_DOMAIN))
      throw new ApiError("CONFLICT", `${hostname} is the platform's own address: enter a hostname of your own domain`, [
        { field: "hostname", message: "is the platform's own", value: hostname },
      ]);
    const mine = await domainsOf(scope);
    if (mine.some((d) => d.hostname === hostname))
      throw new ApiError("CONFLICT", `${hostname} is already one of your hostnames`, [{ field: "hostname", message: "is already added", value: hostname }]);
    if (mine.length >= MAX_DOMAINS) throw unprocessable("hostname", `A shop can have at most ${MAX_DOMAINS} custom hostnames; remove one first`, hostname);
    const provider = providerOf(c.env);
    // The provider still holds a released claim's hostname: remove it there (if that fails, creating it below says so).
    for (const { provider_ref } of await releaseStaleClaim(scope, hostname)) if (provider_ref) await provider.remove(provider_ref).catch(() => undefined);
    const created = await withProvider(() => provider.create(hostname));
    const id = crypto.randomUUID();
    try {
      await insertDomain(scope, {
        id,
        hostname,
        status: created.status,
        provider_ref: created.ref,
        dns_records: created.dns_records,
        problem: created.problem,
      });
    } catch (e) {
      if (!isUniqueViolation(e, "tenant_domains")) throw e;
      // Another shop holds it (or took it in the meantime): the provider's record is not ours to keep.
      await provider.remove(created.ref).catch(() => undefined);
      throw new ApiError("CONFLICT", `${hostname} is already in use by another shop`, [
        { field: "hostname", message: "is in use by another shop", value: hostname },
      ]);
    }
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "tenant.domain_added",
      target_type: "tenant_domain",
      target_id: id,
      data: { hostname },
      request_id: c.get("requestId"),
    });
    return ok(c, present((await findDomain(scope, id))!), 201);
  })
  .openapi(routes.remove, async (c) => {
    const scope = scopeOf(c);
    const domain = await findDomain(scope, c.req.valid("param").id);
    if (!domain) throw notFound("Custom hostname");
    const provider = hostnameProvider(c.env);
    if (domain.provider_ref && provider) await withProvider(() => provider.remove(domain.provider_ref!));
    await deleteDomain(scope, domain.id!);
    const principal = principalOf(c);
    await audit(scope, {
      actor_type: principal.kind,
      actor_id: principal.userId,
      action: "tenant.domain_removed",
      target_type: "tenant_domain",
      target_id: domain.id!,
      data: { hostname: domain.hostname },
      request_id: c.get("requestId"),
    });
    return ok(c, present(domain));
  });
