// The drawings' lettering font, evaluated with the Worker: objects import it on demand (worker/drawings/render.ts)
// and find it ready (docs/decisions/0067-harness-concurrent-objects.md).
import "./drawings/NotoSans-Regular.bin";
import { eachShard } from "./db/shards.ts";
import { openDb } from "./db/client.ts";
import { recheckPendingDomains } from "./domains/recheck.ts";
import { createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { consume } from "./queues/index.ts";
import type { QueueMessage } from "./queues/messages.ts";
import { handlers } from "./queues/handlers.ts";
import { renderUi } from "./ui.ts";
import { sweepExpiredSessions } from "./db/sessions.ts";
import { sweepWebhookQueues } from "./webhooks/outbox.ts";
import { sweepCuttingLists } from "./orders/queue-cutting-list.ts";
import { sweepTechnicalPackages } from "./technical-package/sweep.ts";
import { sweepDrawingRequests } from "./drawings/sweep.ts";
import { secretsKeyProblem } from "./webhooks/secrets.ts";
import { sweepNotificationEvents } from "./notifications/notify.ts";
import { announceExpiringQuotes } from "./notifications/expiring.ts";
import { sweepLeftBehind } from "./db/shard-move.ts";

export { QuoteCoordinator } from "../durable-objects/quote-coordinator.ts";
export { WebhookInbox } from "../durable-objects/webhook-inbox.ts";
export { EndpointBreaker } from "../durable-objects/endpoint-breaker.ts";
export { ApiKeyLimiter } from "../durable-objects/api-key-limiter.ts";

const app = createApp();

/** Production never serves without its secrets key: every answer is a 503 and each request logs why. */
async function misconfigured(env: Env): Promise<Response | null> {
  if (env.ENVIRONMENT !== "production") return null;
  const problem = await secretsKeyProblem(env);
  if (!problem) return null;
  console.error(JSON.stringify({ level: "error", event: "config.secrets_key", message: problem }));
  return new Response("Service unavailable: the server is not configured.", {
    status: 503,
    headers: { "retry-after": "60", "content-type": "text/plain; charset=utf-8" },
  });
}

export default {
  async fetch(request, env, ctx) {
    const refused = await misconfigured(env);
    if (refused) return refused;
    const { pathname } = new URL(request.url);
    if (pathname.startsWith("/api/") || pathname.startsWith("/webhooks/") || pathname.startsWith("/internal/")) return app.fetch(request, env, ctx);
    return renderUi(request, env, (r) => Promise.resolve(app.fetch(r, env, ctx)));
  },
  queue(batch, env) {
    return consume(batch, env, handlers);
  },
  async scheduled(_controller, env) {
    // Tenant data lives on the shards: each chore runs on every one (docs/decisions/0061-sharding.md).
    for (const [shard, db] of eachShard(env).entries()) {
      await chore("sessions", shard, () => sweepExpiredSessions(db, Date.now()));
      await chore("cutting_lists", shard, () => sweepCuttingLists(env, db));
      await chore("technical_packages", shard, () => sweepTechnicalPackages(env, db));
      await chore("drawing_requests", shard, () => sweepDrawingRequests(env, db));
      await chore("expiring_quotes", shard, () => announceExpiringQuotes(env, db));
      await chore("notification_events", shard, () => sweepNotificationEvents(env, db));
      await chore("left_behind_copies", shard, () => sweepLeftBehind(env, shard));
    }
    await chore("webhook_queues", null, () => sweepWebhookQueues(env));
    // Custom hostnames are on the control plane: one bounded batch per run, not one per shard.
    await chore("custom_domains", null, () => recheckPendingDomains(env, openDb(env.DB)));
  },
} satisfies ExportedHandler<Env, QueueMessage>;

/** One scheduled chore: a failure is logged and the other chores (and shards) still run. */
async function chore(name: string, shard: number | null, run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    console.error(JSON.stringify({ level: "error", event: "scheduled.chore_failed", chore: name, shard, error: String(error) }));
  }
}
