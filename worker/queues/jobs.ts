import type { Env } from "../env.ts";
import type { QueueMessage } from "./messages.ts";
import { PermanentError, RetryLater } from "./index.ts";
import { configurationCoordinator, quoteCoordinator } from "../../durable-objects/stubs.ts";

/** `job.run`: hands the job to its configuration's coordinator, which runs that configuration's jobs one at a time. */
export async function runJob(message: QueueMessage, env: Env) {
  if (message.kind !== "job.run") throw new PermanentError(`jobs got ${message.kind}`);
  const coordinator = configurationCoordinator(env, { tenantId: message.tenant_id }, message.configuration_id);
  const retryIn = await coordinator.runJob(message.tenant_id, message.job_id);
  if (retryIn !== null) throw new RetryLater(`job ${message.job_id} failed; retrying`, retryIn);
}

/** `drawings.run`: the request waits for its configuration's (or quote's) earlier work, then runs. */
export async function runDrawings(message: QueueMessage, env: Env) {
  if (message.kind !== "drawings.run") throw new PermanentError(`drawings got ${message.kind}`);
  const scope = { tenantId: message.tenant_id };
  const coordinator = message.configuration_id
    ? configurationCoordinator(env, scope, message.configuration_id)
    : // A request names exactly one of the two (the API refuses anything else).
      quoteCoordinator(env, scope, message.quote_id!);
  const retryIn = await coordinator.runDrawingRequest(message.tenant_id, message.request_id);
  if (retryIn !== null) throw new RetryLater(`drawing request ${message.request_id} failed; retrying`, retryIn);
}

/** `technical_package.build`: the package waits for its quote's earlier work (pricing), then builds. */
export async function runTechnicalPackage(message: QueueMessage, env: Env) {
  if (message.kind !== "technical_package.build") throw new PermanentError(`technical packages got ${message.kind}`);
  const retryIn = await quoteCoordinator(env, { tenantId: message.tenant_id }, message.quote_id).buildTechnicalPackage(message.tenant_id, message.quote_id);
  if (retryIn !== null) throw new RetryLater(`technical package of quote ${message.quote_id} failed; retrying`, retryIn);
}
