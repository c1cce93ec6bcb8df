import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { WorkCentre } from "../../../engine/production/schedule.ts";
import type { ShippingMethod } from "../../../engine/shipping/methods.ts";
import { ROLES } from "../../../shared/access.ts";
import { API_KEY_TIERS } from "../../rate-limits/tiers.ts";
import type { MfaGroup } from "../../auth/mfa-policy.ts";

/**
 * D1 schema. Every tenant-owned table has `tenant_id`, and every secondary index
 * on it starts with `tenant_id`, so that a tenant's rows sit together and a
 * query that forgets the tenant cannot use an index by accident.
 * Times are epoch milliseconds.
 */

export const now = sql`(unixepoch('subsec') * 1000)`;
export const createdAt = () => integer("created_at").notNull().default(now);

export type TenantBranding = { primary_color: string; logo_url?: string | null };
export type TenantSettings = {
  guest_quoting: boolean;
  quote_validity_days: number;
  max_upload_bytes: number;
  max_triangles: number;
  /** Files one signed-in customer account may upload in 24 hours (200 when unset). */
  customer_daily_uploads?: number | null;
  /** Days an invoice gives to pay it (worker/orders/invoice.ts); 30 when unset. */
  payment_due_days?: number | null;
  /** The registered company name quotes are made out in; the shop's name when unset. */
  legal_name?: string;
  /** The registered address, one line per entry, as printed on quotes. */
  legal_address?: string[];
  /** VAT (or sales-tax) registration number printed on quotes. */
  vat_id?: string;
  /** The shop's own terms on its quotes, one paragraph per line; the standard terms when unset. */
  quote_terms?: string;
  /** The version of the current terms (1: the standard terms); each change of their text is the next one. */
  terms_version?: number;
  /** Earlier versions, for orders that accepted them. */
  terms_history?: { version: number; text: string; replaced_at: number }[];
  /** The BCP 47 locale the shop's pages format money, numbers and dates in; shared/locale.ts's default when unset. */
  locale?: string;
  /** How the shop's customers can get their parts (engine/shipping); collection only when unset. */
  shipping_methods?: ShippingMethod[];
  /** The shop floor's work centres and their hours per day (engine/production/schedule.ts); defaults when unset. */
  work_centres?: WorkCentre[];
  /** Who must use two-step sign-in (worker/auth/mfa-policy.ts); nobody when unset. */
  mfa_required_for?: MfaGroup[];
  /** Offcuts at least this long (mm) go back to stock as remnant lots (worker/production/cutting-consumption.ts); 500 when unset. */
  remnant_min_length_mm?: number | null;
  /** What the shop declares its products meet, printed on technical package datasheets (decision 50); unset: not declared. */
  compliance?: Partial<Record<ComplianceField, string | null>>;
  /** Production of an order waits until its drawings' current revisions are approved by the customer (decision 53); off when unset. */
  drawing_approval_required?: boolean;
};

/** The compliance declarations a shop fills in (security, weather tightness, police-preferred). */
export const COMPLIANCE_FIELDS = {
  pas_24: "PAS 24 (enhanced security)",
  bs_6375_1: "BS 6375-1 (weather tightness)",
  secured_by_design: "Secured by Design",
} as const;
export type ComplianceField = keyof typeof COMPLIANCE_FIELDS;

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  currency: text("currency").notNull().default("EUR"),
  branding: text("branding", { mode: "json" }).$type<TenantBranding>().notNull(),
  settings: text("settings", { mode: "json" }).$type<TenantSettings>().notNull(),
  /**
   * The shard map (control plane only; docs/decisions/0061-sharding.md): the data shard holding the
   * tenant's rows; while a move runs, the shard it is copied to (writes are refused meanwhile); after
   * a move, the shard still holding the old copy until the move is confirmed.
   */
  shard: integer("shard").notNull().default(0),
  shard_moving_to: integer("shard_moving_to"),
  shard_previous: integer("shard_previous"),
  created_at: createdAt(),
});

/**
 * A move between shards in progress (control plane only; docs/decisions/0074-resumable-shard-moves.md):
 * one row per moving tenant, from the move's first step until its map switch or its undoing. `progress`
 * is where the copy or its verification has got to (worker/db/shard-move.ts `MoveProgress`); the step
 * working on it holds `lease` until `lease_until`, so a step that died lets go by itself.
 */
export const shardMoves = sqliteTable("shard_moves", {
  tenant_id: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  from_shard: integer("from_shard").notNull(),
  to_shard: integer("to_shard").notNull(),
  progress: text("progress").notNull(),
  lease: text("lease"),
  lease_until: integer("lease_until").notNull().default(0),
  started_at: integer("started_at").notNull().default(now),
  updated_at: integer("updated_at").notNull().default(now),
});

/** A DNS record the shop creates at its DNS provider for a custom hostname. */
export interface DnsRecord {
  type: "CNAME" | "TXT";
  name: string;
  value: string;
}

/**
 * A shop's own hostname. The storefront is served on it only once verified
 * (`verified_at`): until then it is `pending` with the records to create.
 * `provider_ref` is the hostname's id at the provider (Cloudflare for SaaS).
 */
export const tenantDomains = sqliteTable(
  "tenant_domains",
  {
    hostname: text("hostname").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").unique(),
    status: text("status", { enum: ["pending", "active", "failed"] })
      .notNull()
      .default("active"),
    provider_ref: text("provider_ref"),
    dns_records: text("dns_records", { mode: "json" }).$type<DnsRecord[]>(),
    problem: text("problem"),
    checked_at: integer("checked_at"),
    verified_at: integer("verified_at"),
    created_at: createdAt(),
  },
  (t) => [index("tenant_domains_tenant").on(t.tenant_id)],
);

export const customers = sqliteTable(
  "customers",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** A customer_user's order waits for a customer_admin's approval (decision 53). */
    order_approval_required: integer("order_approval_required", { mode: "boolean" }).notNull().default(false),
    created_at: createdAt(),
  },
  (t) => [index("customers_tenant_name").on(t.tenant_id, t.name)],
);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    password_hash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    /** The customer company a customer-role user belongs to (null for staff). */
    customer_id: text("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    created_at: createdAt(),
  },
  (t) => [uniqueIndex("users_tenant_email").on(t.tenant_id, t.email), index("users_tenant_customer").on(t.tenant_id, t.customer_id)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** SHA-256 of the cookie's token: a stolen table yields no usable session. */
    token_hash: text("token_hash").notNull(),
    user_id: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires_at: integer("expires_at").notNull(),
    created_at: createdAt(),
    /** How the session is named in the user's list of sessions (not the token). */
    id: text("id"),
    /** The browser it was started in, as its User-Agent said. */
    user_agent: text("user_agent"),
    /** Refreshed at most every few minutes, not on every request. */
    last_seen_at: integer("last_seen_at"),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.token_hash] }), index("sessions_tenant_user").on(t.tenant_id, t.user_id)],
);

/**
 * A user's authenticator app (TOTP, RFC 6238): the shared secret encrypted at
 * rest, whether enrolment was confirmed with a code, and the last time step a
 * code was accepted for, so no code is accepted twice.
 */
export const mfaTotp = sqliteTable(
  "mfa_totp",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    user_id: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secret_enc: text("secret_enc").notNull(),
    confirmed_at: integer("confirmed_at"),
    last_step: integer("last_step"),
    created_at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.user_id] })],
);

/** One-time recovery codes, stored hashed; each works once. */
export const mfaRecoveryCodes = sqliteTable(
  "mfa_recovery_codes",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    code_hash: text("code_hash").notNull(),
    user_id: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    used_at: integer("used_at"),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.code_hash] }), index("mfa_recovery_user").on(t.tenant_id, t.user_id)],
);

/**
 * A password that was right for an account with a second factor: the
 * sign-in waits here (briefly, a few tries) for the code.
 */
export const mfaChallenges = sqliteTable(
  "mfa_challenges",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    token_hash: text("token_hash").notNull(),
    user_id: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires_at: integer("expires_at").notNull(),
    failures: integer("failures").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.token_hash] })],
);

/**
 * One-time tokens that let a user set their password (an invitation from a
 * partner's portal-access request). Stored hashed; used once, then void.
 */
export const passwordTokens = sqliteTable(
  "password_tokens",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    token_hash: text("token_hash").notNull(),
    user_id: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires_at: integer("expires_at").notNull(),
    used_at: integer("used_at"),
    created_at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.token_hash] }), index("password_tokens_tenant_user").on(t.tenant_id, t.user_id)],
);

/** One-use links that carry a sign-in from the platform's root host to a shop's host (sign-up); minutes long. */
export const signInTokens = sqliteTable(
  "sign_in_tokens",
  {
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    token_hash: text("token_hash").notNull(),
    user_id: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires_at: integer("expires_at").notNull(),
    used_at: integer("used_at"),
    created_at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.token_hash] })],
);

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Public part of the key, shown in lists and used to find it. */
    prefix: text("prefix").notNull(),
    key_hash: text("key_hash").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    /** Rate-limit tier (worker/rate-limits/tiers.ts). */
    tier: text("tier", { enum: API_KEY_TIERS }).notNull().default("standard"),
    created_by: text("created_by").references(() => users.id, { onDelete: "set null" }),
    expires_at: integer("expires_at"),
    revoked_at: integer("revoked_at"),
    last_used_at: integer("last_used_at"),
    created_at: createdAt(),
  },
  (t) => [uniqueIndex("api_keys_tenant_prefix").on(t.tenant_id, t.prefix), index("api_keys_tenant_created").on(t.tenant_id, t.created_at)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    actor_type: text("actor_type", { enum: ["user", "api_key", "system", "guest"] }).notNull(),
    actor_id: text("actor_id"),
    action: text("action").notNull(),
    target_type: text("target_type"),
    target_id: text("target_id"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    request_id: text("request_id"),
    created_at: createdAt(),
  },
  (t) => [
    index("audit_log_tenant_created").on(t.tenant_id, t.created_at),
    index("audit_log_tenant_target").on(t.tenant_id, t.target_type, t.target_id, t.created_at),
  ],
);

/** Messages a queue gave up on, kept for inspection and replay. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id").notNull(),
    queue: text("queue").notNull(),
    kind: text("kind").notNull(),
    body: text("body", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    attempts: integer("attempts").notNull(),
    created_at: createdAt(),
  },
  (t) => [index("dead_letters_tenant_created").on(t.tenant_id, t.created_at)],
);

export type ModelStatus = "pending" | "analyzed" | "failed";

/** An uploaded part file. The bytes live in R2 under their SHA-256, shared by identical uploads. */
export const models = sqliteTable(
  "models",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** Who owns it: a user (and their company), or a guest session until the guest signs in. */
    owner_user_id: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    customer_id: text("customer_id").references(() => customers.id, { onDelete: "set null" }),
    guest_session_hash: text("guest_session_hash"),
    filename: text("filename").notNull(),
    kind: text("kind", { enum: ["stl-binary", "stl-ascii", "obj", "3mf", "dxf", "svg"] }).notNull(),
    units: text("units", { enum: ["mm", "in"] }).notNull(),
    size_bytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    r2_key: text("r2_key").notNull(),
    status: text("status", { enum: ["pending", "analyzed", "failed"] })
      .$type<ModelStatus>()
      .notNull(),
    analysis: text("analysis", { mode: "json" }).$type<Record<string, unknown>>(),
    error_code: text("error_code"),
    error_message: text("error_message"),
    analyzed_at: integer("analyzed_at"),
    /**
     * A STEP/IGES upload: the original as sent (content-addressed in R2 like the mesh).
     * The model's own file is the binary STL the buyer's browser tessellated from it,
     * which the server analyses; its price is confirmed by the shop (decision 69).
     */
    source_format: text("source_format", { enum: ["step", "iges"] }),
    source_sha256: text("source_sha256"),
    source_r2_key: text("source_r2_key"),
    source_size_bytes: integer("source_size_bytes"),
    created_at: createdAt(),
  },
  (t) => [
    index("models_tenant_created").on(t.tenant_id, t.created_at),
    index("models_tenant_owner").on(t.tenant_id, t.owner_user_id),
    index("models_tenant_customer").on(t.tenant_id, t.customer_id),
    index("models_tenant_guest").on(t.tenant_id, t.guest_session_hash),
    index("models_tenant_sha").on(t.tenant_id, t.sha256),
  ],
);

/** A large upload in progress: R2 multipart parts land under a temporary key until completion. */
export const modelUploads = sqliteTable(
  "model_uploads",
  {
    id: text("id").primaryKey(),
    tenant_id: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    r2_key: text("r2_key").notNull(),
    r2_upload_id: text("r2_upload_id").notNull(),
    filename: text("filename").notNull(),
    units: text("units", { enum: ["mm", "in"] }).notNull(),
    size_bytes: integer("size_bytes").notNull(),
    part_size: integer("part_size").notNull(),
    /** ETags of the parts received, by part number. */
    parts: text("parts", { mode: "json" }).$type<Record<string, string>>().notNull(),
    owner_user_id: text("owner_user_id").references(() => users.id, { onDelete: "cascade" }),
    customer_id: text("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    guest_session_hash: text("guest_session_hash"),
    created_at: createdAt(),
  },
  (t) => [index("model_uploads_tenant_created").on(t.tenant_id, t.created_at)],
);
