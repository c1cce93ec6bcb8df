import type { PlatformEnv } from "./context.ts";
import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, ok } from "./envelope.ts";

const health = defineRoute({
  permission: "public",
  host: "any",
  method: "get",
  path: "/health",
  tags: ["Platform"],
  summary: "Liveness, with a round trip to D1",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: envelope(z.object({ status: z.literal("ok"), d1_ms: z.number() })) } } },
  },
});

const ping = defineRoute({
  permission: "public",
  host: "any",
  method: "get",
  path: "/ping",
  tags: ["Platform"],
  summary: "Liveness with no storage round trip (also the bare baseline of the API benchmarks)",
  responses: { 200: { description: "Alive", content: { "application/json": { schema: envelope(z.object({ pong: z.literal(true) })) } } } },
});

export const healthRouter = createRouter<PlatformEnv>()
  .openapi(health, async (c) => {
    const started = Date.now();
    await c.env.DB.prepare("select 1").first();
    return ok(c, { status: "ok" as const, d1_ms: Date.now() - started });
  })
  .openapi(ping, (c) => ok(c, { pong: true as const }));
