import type { QuoteCoordinator } from "../durable-objects/quote-coordinator.ts";
import type { WebhookInbox } from "../durable-objects/webhook-inbox.ts";
import type { EndpointBreaker } from "../durable-objects/endpoint-breaker.ts";
import type { ApiKeyLimiter } from "../durable-objects/api-key-limiter.ts";
import type { QueueMessage } from "./queues/messages.ts";

/** Every binding and variable of the Worker, in one place (see wrangler.toml). */
export interface Env {
  /** Bare domain of the platform: tenants live on `{slug}.{APP_DOMAIN}`. */
  APP_DOMAIN: string;
  /** "development" relaxes cookie rules for localhost; outbound URLs follow WEBHOOK_ALLOW_HOSTS. */
  ENVIRONMENT: "development" | "test" | "production";
  /**
   * AES-GCM key (base64, 32 bytes) for secrets at rest: a secret, never a plain var (production:
   * `wrangler secret put SECRETS_KEY`; development: `.dev.vars`). The Worker refuses to serve in
   * production without it.
   */
  SECRETS_KEY?: string;
  /** Earlier keys (comma-separated), kept only to decrypt what they encrypted during a rotation. */
  SECRETS_KEYS_PREVIOUS?: string;
  /** Hosts outbound webhooks may reach without the SSRF checks (comma-separated); ignored in production. */
  WEBHOOK_ALLOW_HOSTS?: string;
  /**
   * Cloudflare for SaaS, for shops' custom hostnames: an API token with "SSL and Certificates: Edit" on the
   * platform's zone (a secret) and that zone's id. Without them, production has no custom domains and
   * development verifies hostnames locally (docs/decisions/0060-custom-domains.md).
   */
  CF_API_TOKEN?: string;
  CF_ZONE_ID?: string;
  /** The hostname a shop's CNAME points at (default `shops.{APP_DOMAIN}`). */
  CUSTOM_HOSTNAME_TARGET?: string;
  /** The sender of notification e-mails (an address of a domain onboarded to Cloudflare Email Service). */
  MAIL_FROM: string;
  /** Milliseconds of processing one uploaded file's analysis may take (default 10,000). */
  ANALYSIS_BUDGET_MS?: string;

  /** The control plane: tenants, their hostnames and the shard each lives on (docs/decisions/0061-sharding.md). */
  DB: D1Database;
  /** The data shards: every tenant's own rows live on exactly one (worker/db/shards.ts picks it). */
  DB_SHARD_0: D1Database;
  DB_SHARD_1: D1Database;
  DB_SHARD_2: D1Database;
  DB_SHARD_3: D1Database;
  /** The platform operator's secret for /internal/shards (moves between shards); without it that path does not exist. */
  PLATFORM_TOKEN?: string;
  /** Shards that take new shops (comma-separated numbers; default all): a full shard is closed by leaving it out. */
  SHARDS_OPEN?: string;
  /**
   * D1 queries one step of a shard move may make (default 800; docs/decisions/0074-resumable-shard-moves.md):
   * under the 1,000 a Worker invocation may make on the paid plan; about 45 on the free plan (50).
   */
  SHARD_MOVE_STEP_QUERIES?: string;
  FILES: R2Bucket;
  QUOTE_COORDINATOR: DurableObjectNamespace<QuoteCoordinator>;
  WEBHOOK_INBOX: DurableObjectNamespace<WebhookInbox>;
  ENDPOINT_BREAKER: DurableObjectNamespace<EndpointBreaker>;
  API_KEY_LIMITER: DurableObjectNamespace<ApiKeyLimiter>;
  ANALYSIS_QUEUE: Queue<QueueMessage>;
  JOBS_QUEUE: Queue<QueueMessage>;
  DELIVERIES_QUEUE: Queue<QueueMessage>;
  INBOX_QUEUE: Queue<QueueMessage>;
  NOTIFICATIONS_QUEUE: Queue<QueueMessage>;
  /** Cloudflare Email Service (`send_email`): notification and invitation e-mails. */
  EMAIL: SendEmail;
  AUTH_LIMITER: RateLimit;
  GUEST_LIMITER: RateLimit;
}

export const isDevelopment = (env: Env): boolean => env.ENVIRONMENT !== "production";
