import { env } from "cloudflare:workers";
import { afterEach, expect, vi } from "vitest";
import { shopsOfTest, tenantRows } from "./helpers.ts";

/**
 * Setup file of the workerd tests: after each test, the technical packages its shops queued (a door quote
 * sent builds one in its coordinator) finish before the next test starts. Two coordinators working at once
 * trip the test harness, not the Worker (docs/decisions/0067-harness-concurrent-objects.md); a test that
 * starts other coordinator work within itself waits for its own package first.
 */
afterEach(async () => {
  for (const id of shopsOfTest.splice(0)) {
    // A shop the test deleted has nothing left to build.
    if (!(await env.DB.prepare("select 1 from tenants where id = ?").bind(id).first())) continue;
    await vi.waitFor(
      async () =>
        expect(
          await tenantRows({ id }, "select quote_id, status from technical_packages where tenant_id = ? and status in ('queued', 'building')", id),
        ).toEqual([]),
      { timeout: 30_000, interval: 200 },
    );
  }
});
