import { env } from "cloudflare:workers";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import worker from "../../worker/index.ts";
import { findModel, insertModel } from "../../worker/db/models.ts";
import { SYSTEM } from "../../worker/db/viewer.ts";
import { createTenant, scopeFor } from "./helpers.ts";
import { binaryStl, boxTriangles, cubeGrid } from "./fixtures.ts";
import { describe, expect, it, vi } from "vitest";

/** Dead letters naming no known tenant stay on the control plane. */
const deadLetters = (tenantId: string) =>
  env.DB.prepare("select queue, kind, body from dead_letters where tenant_id = ?").bind(tenantId).all<{ queue: string; kind: string; body: string }>();

describe("queues", () => {
  it.each(["ANALYSIS_QUEUE", "JOBS_QUEUE", "DELIVERIES_QUEUE", "INBOX_QUEUE", "NOTIFICATIONS_QUEUE"] as const)(
    "%s: a message no consumer understands lands in dead_letters, once",
    async (binding) => {
      const tenantId = `tenant-${binding}`;
      await env[binding].send({ kind: "nonsense", tenant_id: tenantId } as never);
      await vi.waitFor(async () => expect((await deadLetters(tenantId)).results).toHaveLength(1), { timeout: 10_000, interval: 100 });
      const [row] = (await deadLetters(tenantId)).results;
      expect(row.kind).toBe("nonsense");
      expect(JSON.parse(row.body)).toEqual({ kind: "nonsense", tenant_id: tenantId });
    },
  );
});

describe("analysis queue: one file's budget", () => {
  /** A pending model whose bytes are in R2, as an upload leaves it (without queueing it: the test delivers the batch). */
  async function pendingModel(tenantId: string, filename: string, bytes: Uint8Array<ArrayBuffer>) {
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
    const key = `t/${tenantId}/models/${digest}`;
    await env.FILES.put(key, bytes);
    const model = await insertModel(await scopeFor(tenantId), {
      id: crypto.randomUUID(),
      filename,
      kind: "stl-binary",
      units: "mm",
      size_bytes: bytes.length,
      sha256: digest,
      r2_key: key,
      status: "pending",
    });
    return model.id;
  }

  it("a file over the budget fails with ANALYSIS_TIME_LIMIT while the small file in the same batch is analysed", async () => {
    const t = await createTenant();
    const large = await pendingModel(t.id, "large.stl", binaryStl(cubeGrid(2_000, 2, 1))); // 24,000 triangles
    const small = await pendingModel(t.id, "small.stl", binaryStl(boxTriangles([10, 10, 10])));
    const batch = createMessageBatch(
      "fabquote-analysis",
      [large, small].map((model_id, i) => ({ id: `m-${i}`, timestamp: new Date(), attempts: 1, body: { kind: "model.analyze", tenant_id: t.id, model_id } })),
    );
    const ctx = createExecutionContext();
    // 5 ms: the 24,000-triangle file is estimated at ~24 ms, the 12-triangle cube at well under 1 ms.
    await worker.queue(batch as never, { ...env, ANALYSIS_BUDGET_MS: "5" });
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["m-0", "m-1"]);
    expect(result.retryMessages).toEqual([]);
    const scope = await scopeFor(t.id);
    const [over, fine] = [await findModel(scope, large, SYSTEM), await findModel(scope, small, SYSTEM)];
    expect(over).toMatchObject({ status: "failed", error_code: "ANALYSIS_TIME_LIMIT" });
    expect(over!.error_message).toMatch(/5 ms/);
    expect(fine).toMatchObject({ status: "analyzed", error_code: null });
    expect(fine!.analysis).toMatchObject({ triangle_count: 12, watertight: true });
  });
});
