import { isEngineError } from "../../engine/errors.ts";
import { assertValidConfiguration, geometryToGlb, getProductFamily } from "../../engine/products/index.ts";
import type { Scope } from "../db/scope.ts";
import { findJob, transitionJob, updateJob } from "../db/products.ts";
import { loadConfigured } from "../products/configured-product.ts";
import type { jobs, JobStatus } from "../db/schema/index.ts";
import type { Env } from "../env.ts";
import { glbKey } from "../storage/glb-key.ts";

/** Recoverable failures are retried after 1 s, 2 s, 4 s; the third failure is final. */
export const MAX_ATTEMPTS = 3;
const FINISHED: JobStatus[] = ["COMPLETED", "FAILED", "CANCELLED"];

/**
 * Generates a configuration's GLB into R2. Called by the configuration's
 * coordinator, one job at a time. A validation failure fails the job at once;
 * anything else is retried with backoff, then fails with its reason.
 * Returns the seconds to wait before the next attempt, or null when settled.
 */
export async function runGlbJob(env: Env, scope: Scope, jobId: string): Promise<number | null> {
  const { tenantId } = scope;
  const job = await findJob(scope, jobId);
  if (!job || FINISHED.includes(job.status)) return null;
  const attempt = job.attempts + 1;
  await updateJob(scope, jobId, { status: "PROCESSING", attempts: attempt, progress: 10, started_at: job.started_at ?? Date.now() });
  // Only a job still PROCESSING may finish: a cancel in the meantime wins.
  const finish = (set: Partial<typeof jobs.$inferInsert>) => transitionJob(scope, jobId, ["PROCESSING"], set);
  try {
    const loaded = await loadConfigured(scope, job.configuration_id);
    if (!loaded) throw new Error(`configuration ${job.configuration_id} or its product schema is missing`);
    const { configuration, product, schema } = loaded;
    const family = getProductFamily(product.generator_key);
    const config = assertValidConfiguration(family, configuration.config, schema.config_schema);
    const key = glbKey(tenantId, product.id, configuration.schema_version, configuration.config_hash);
    let bytes = (await env.FILES.head(key))?.size;
    if (bytes === undefined) {
      const geometry = family.geometry(config);
      await updateJob(scope, jobId, { progress: 50 });
      const glb = await geometryToGlb(geometry, product.name);
      await updateJob(scope, jobId, { progress: 80 });
      await env.FILES.put(key, glb, { httpMetadata: { contentType: "model/gltf-binary" } });
      bytes = glb.length;
    }
    await finish({ status: "COMPLETED", progress: 100, result_key: key, result_bytes: bytes, error_code: null, error_message: null, finished_at: Date.now() });
    return null;
  } catch (error) {
    if (isEngineError(error)) {
      await finish({ status: "FAILED", error_code: error.code, error_message: error.message, finished_at: Date.now() });
      return null;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (attempt >= MAX_ATTEMPTS) {
      await finish({ status: "FAILED", error_code: "GENERATION_FAILED", error_message: `${message} (after ${attempt} attempts)`, finished_at: Date.now() });
      return null;
    }
    await finish({ status: "QUEUED", error_code: "RETRYING", error_message: message });
    return 2 ** (attempt - 1);
  }
}
