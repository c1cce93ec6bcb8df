import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "./router.ts";
import { envelope, ok } from "./envelope.ts";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["Platform"],
  summary: "Liveness, with a round trip to D1",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: envelope(z.object({ status: z.literal("ok"), d1_ms: z.number() })) } } },
  },
});

export const healthRouter = createRouter().openapi(health, async (c) => {
  const started = Date.now();
  await c.env.DB.prepare("select 1").first();
  return ok(c, { status: "ok" as const, d1_ms: Date.now() - started });
});
