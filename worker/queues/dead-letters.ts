import { deadLetters } from "../db/schema/index.ts";
import { scopeForTenant } from "../db/shards.ts";
import { openDb } from "../db/client.ts";
import type { Env } from "../env.ts";
import type { QueueMessage } from "./messages.ts";

/** Keeps a message the platform gave up on in D1, for inspection and replay. Idempotent per message id. */
export async function storeDeadLetter(env: Env, queue: string, message: Message<QueueMessage>) {
  const body = message.body as Partial<QueueMessage> | undefined;
  // On the tenant's shard, where its admins replay it; a message naming no tenant stays on the control plane.
  const tenantId = typeof body?.tenant_id === "string" ? body.tenant_id : null;
  const scope = tenantId ? await scopeForTenant(env, tenantId) : undefined;
  await (scope?.db ?? openDb(env.DB))
    .insert(deadLetters)
    .values({
      id: message.id,
      tenant_id: tenantId ?? "unknown",
      queue: queue.replace(/-dlq$/, ""),
      kind: typeof body?.kind === "string" ? body.kind : "unknown",
      body: (body ?? {}) as Record<string, unknown>,
      attempts: message.attempts,
    })
    .onConflictDoNothing();
}

/** Consumer of every `*-dlq` queue. */
export async function recordDeadLetters(batch: MessageBatch<QueueMessage>, env: Env) {
  for (const message of batch.messages) await storeDeadLetter(env, batch.queue, message);
  batch.ackAll();
}
