import { and, eq, isNotNull, sql } from "drizzle-orm";
import { type Db, openDb } from "./client.ts";
import { controlOf, type Scope } from "./scope.ts";
import { placeNewTenant, shardDatabase } from "./shards.ts";
import type { Env } from "../env.ts";
import { tenantDomains, tenants, users, auditLog, type TenantBranding, type TenantSettings } from "./schema/index.ts";
import { firstPriceBookInsert } from "./price-books.ts";
import { insertSignInTokenStatement } from "./sign-in-tokens.ts";
import { demoCatalog } from "../../engine/pricing/demo-catalog.ts";
import type { ProcessCode } from "../../engine/pricing/price-book.ts";
import { starterBook } from "../../engine/pricing/starter-book.ts";

export type Tenant = typeof tenants.$inferSelect;

export const DEFAULT_SETTINGS: TenantSettings = {
  guest_quoting: true,
  quote_validity_days: 30,
  max_upload_bytes: 100 * 1024 * 1024,
  // The kernel needs ~49 bytes per triangle (244 MB measured at 5 M): 2 M keeps an analysis inside a 128 MB isolate.
  max_triangles: 2_000_000,
};

export const DEFAULT_BRANDING: TenantBranding = { primary_color: "#1f6feb" };

/** Tenant lookups are global by nature: they are how a request finds its tenant. */
export const findTenantBySlug = (db: Db, slug: string) => db.query.tenants.findFirst({ where: eq(tenants.slug, slug) });

export async function findTenantByDomain(db: Db, hostname: string) {
  const row = await db
    .select({ tenant: tenants })
    .from(tenantDomains)
    .innerJoin(tenants, eq(tenants.id, tenantDomains.tenant_id))
    // A hostname is served only once the provider has verified it is the shop's.
    .where(and(eq(tenantDomains.hostname, hostname), isNotNull(tenantDomains.verified_at)))
    .get();
  return row?.tenant;
}

export interface NewTenant {
  name: string;
  slug: string;
  owner: { email: string; name: string; password_hash: string };
  currency?: string;
  /** The processes the shop offers: its first book is built from their templates (the demo catalogue when not given). */
  processes?: ProcessCode[];
  branding?: Partial<TenantBranding>;
  settings?: Partial<TenantSettings>;
  /** A one-use link that signs the owner in on the new shop's host (the hash of its token). */
  ownerSignIn?: { token_hash: string; expires_at: number };
}

/**
 * Creates a tenant and its owner, with a starter price book (the demo catalogue) published as
 * version 1, so a new shop can quote at once and edit its prices from there. The tenant goes into the
 * control plane's map first (its UNIQUE slug decides a race), on the shard with the most room unless
 * one is named; then its rows go to that shard in one batch, with a copy of the tenant row that the
 * shard's foreign keys hang on. If that batch fails, the map entry is taken back.
 */
export async function createTenantWithOwner(env: Env, control: Db, input: NewTenant, requestId?: string, shard?: number) {
  const tenantId = crypto.randomUUID();
  const ownerId = crypto.randomUUID();
  const tenant = {
    id: tenantId,
    slug: input.slug,
    name: input.name,
    currency: input.currency ?? "EUR",
    branding: { ...DEFAULT_BRANDING, ...input.branding },
    settings: { ...DEFAULT_SETTINGS, ...input.settings },
    shard: shard ?? (await placeNewTenant(env, control)),
  };
  await control.insert(tenants).values(tenant);
  const db = openDb(shardDatabase(env, tenant.shard));
  try {
    await db.batch([
      db.insert(tenants).values(tenant).onConflictDoNothing(),
      db.insert(users).values({ id: ownerId, tenant_id: tenantId, role: "owner", ...input.owner }),
      ...(input.ownerSignIn ? [insertSignInTokenStatement(db, { tenant_id: tenantId, user_id: ownerId, ...input.ownerSignIn })] : []),
      firstPriceBookInsert(
        db,
        tenantId,
        input.processes ? starterBook(input.processes, tenant.currency) : { ...demoCatalog, currency: tenant.currency },
        Date.now(),
      ),
      db.insert(auditLog).values({
        id: crypto.randomUUID(),
        tenant_id: tenantId,
        actor_type: "user",
        actor_id: ownerId,
        action: "tenant.created",
        target_type: "tenant",
        target_id: tenantId,
        request_id: requestId,
      }),
    ]);
  } catch (e) {
    await control.delete(tenants).where(eq(tenants.id, tenantId));
    throw e;
  }
  return { tenant, ownerId };
}

export const findTenantById = (db: Db, id: string) => db.query.tenants.findFirst({ where: eq(tenants.id, id) });

/** The scope's tenant, as the control plane has it (the shard's copy of the row only anchors foreign keys). */
export const findTenantOf = async (scope: Scope): Promise<Tenant> => (await findTenantById(controlOf(scope), scope.tenantId))!;

/**
 * Replaces some of a shop's settings (its own row only: the scope names it).
 * Reads and writes in one statement with json_patch, so two edits of
 * different fields never undo each other; a null removes a field. With
 * `termsVersion`, only while the terms are still at that version (undefined
 * when they changed meanwhile).
 */
/** Merges `patch` into the shop's branding (null removes a key, as JSON merge patch does). */
export async function patchTenantBranding(scope: Scope, patch: Partial<Record<keyof TenantBranding, string | null>>) {
  await controlOf(scope)
    .update(tenants)
    .set({ branding: sql`json_patch(${tenants.branding}, ${JSON.stringify(patch)})` })
    .where(eq(tenants.id, scope.tenantId));
  return findTenantOf(scope);
}

export async function patchTenantSettings(scope: Scope, patch: Partial<Record<keyof TenantSettings, unknown>>, termsVersion?: number) {
  const stillAt = termsVersion === undefined ? undefined : sql`coalesce(json_extract(${tenants.settings}, '$.terms_version'), 1) = ${termsVersion}`;
  const { meta } = await controlOf(scope)
    .update(tenants)
    .set({ settings: sql`json_patch(${tenants.settings}, ${JSON.stringify(patch)})` })
    .where(and(eq(tenants.id, scope.tenantId), stillAt))
    .run();
  return meta.changes > 0 ? findTenantOf(scope) : undefined;
}
