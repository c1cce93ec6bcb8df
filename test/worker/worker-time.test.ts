import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { expect, it } from "vitest";
import { createApp } from "../../worker/app.ts";
import type { Env } from "../../worker/env.ts";

/** The Worker's own account of a request's time, which the benchmarks read (decision 0062). */
const workerMs = (res: Response) => {
  const timing = /^worker;dur=(\d+\.\d{2})$/.exec(res.headers.get("server-timing") ?? "");
  return timing ? Number(timing[1]) : null;
};

it("outside production every API answer says how long the Worker spent on it, within the time the caller waited", async () => {
  const before = performance.now();
  const res = await exports.default.fetch("http://localhost/api/v1/health");
  const waited = performance.now() - before;
  expect(res.status).toBe(200);
  const spent = workerMs(res);
  expect(spent).not.toBeNull();
  expect(spent).toBeGreaterThan(0);
  expect(spent).toBeLessThanOrEqual(waited);
});

it("in production there is no Server-Timing: workerd's clock stands still between I/O there, and the tail events carry cpuTime", async () => {
  const res = await createApp().fetch(new Request("https://localhost/api/v1/health"), { ...env, ENVIRONMENT: "production" } as Env, createExecutionContext());
  expect(res.status).toBe(200);
  expect(res.headers.get("server-timing")).toBeNull();
});
