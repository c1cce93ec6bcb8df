import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";

const deadLetters = (tenantId: string) =>
  env.DB.prepare("select queue, kind, body from dead_letters where tenant_id = ?").bind(tenantId).all<{ queue: string; kind: string; body: string }>();

describe("queues", () => {
  it.each(["ANALYSIS_QUEUE", "JOBS_QUEUE", "DELIVERIES_QUEUE", "INBOX_QUEUE"] as const)(
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
