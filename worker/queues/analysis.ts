import { isEngineError } from "../../engine/errors.ts";
import { scopeForTenant } from "../db/shards.ts";
import { analyzeObject } from "../analysis/analyze-object.ts";
import { analysisBudgetMs } from "../analysis/budget.ts";
import { findAnalysisOf, findModel, markAnalyzed, markFailed } from "../db/models.ts";
import { quotesWaitingFor } from "../db/quotes.ts";
import { findTenantOf } from "../db/tenants.ts";
import type { Env } from "../env.ts";
import type { Scope } from "../db/scope.ts";
import { faceFlagsKey, thumbnailKey } from "../storage/keys.ts";
import type { QueueMessage } from "./messages.ts";
import { PermanentError } from "./index.ts";
import { SYSTEM } from "../db/viewer.ts";
import { quoteCoordinator } from "../../durable-objects/stubs.ts";

/**
 * `model.analyze`: re-analyses an upload from R2 with the kernel (the server
 * never trusts the browser's numbers), stores the analysis, the per-face
 * flags for the viewer and a thumbnail for lists and documents. One file per
 * message, each within its own processing budget: a file over it fails with
 * ANALYSIS_TIME_LIMIT and the batch's other files go on. Bad files fail the
 * model with the reason at once; anything else is retried.
 */
export async function analyzeModel(message: QueueMessage, env: Env) {
  if (message.kind !== "model.analyze") throw new PermanentError(`analysis got ${message.kind}`);
  const scope = await scopeForTenant(env, message.tenant_id);
  if (!scope) throw new PermanentError(`tenant ${message.tenant_id} is gone`);
  const tenant = await findTenantOf(scope);
  const model = await findModel(scope, message.model_id, SYSTEM);
  if (!model) throw new PermanentError(`model ${message.model_id} is gone`);
  // At-least-once delivery: a model already settled is not analysed again.
  if (model.status !== "pending") return;
  // The same bytes in the same units were analysed before (content-addressed storage):
  // the analysis, its face flags and thumbnail are reused, the kernel is not run again.
  const previous = await findAnalysisOf(scope, model.sha256, model.units);
  if (previous?.analysis) {
    await markAnalyzed(scope, model.id, previous.analysis);
    return repriceWaiting(env, scope, model.id);
  }
  const object = await env.FILES.get(model.r2_key);
  if (!object) throw new Error(`R2 object ${model.r2_key} is missing`);
  try {
    const { analysis, faceFlags, thumbnail } = await analyzeObject(object, {
      kind: model.kind,
      filename: model.filename,
      units: model.units,
      maxTriangles: tenant.settings.max_triangles,
      budgetMs: analysisBudgetMs(env),
    });
    if (faceFlags) await env.FILES.put(faceFlagsKey(tenant.id, model.sha256, model.units), faceFlags);
    if (thumbnail) await env.FILES.put(thumbnailKey(tenant.id, model.sha256), thumbnail, { httpMetadata: { contentType: "image/png" } });
    await markAnalyzed(scope, model.id, analysis as unknown as Record<string, unknown>);
  } catch (error) {
    if (!isEngineError(error)) throw error;
    await markFailed(scope, model.id, error.code, error.message);
  }
  await repriceWaiting(env, scope, model.id);
}

/** Quotes waiting for this part are re-priced, one coordinator per quote. */
async function repriceWaiting(env: Env, scope: Scope, modelId: string) {
  for (const { quote_id } of await quotesWaitingFor(scope, modelId)) {
    await quoteCoordinator(env, scope, quote_id).reprice(scope.tenantId, quote_id);
  }
}
