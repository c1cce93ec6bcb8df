import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { tenantOf } from "../middleware/tenant.ts";
import { currentTerms } from "../shop/terms.ts";

const Terms = z.object({ version: z.number().int(), text: z.string() }).openapi("Terms");

const current = defineRoute({
  permission: "public",
  method: "get",
  path: "/",
  tags: ["Shop"],
  summary: "The shop's current terms, with the version a checkout accepts (changed under Business details)",
  responses: { 200: { description: "Terms", content: { "application/json": { schema: envelope(Terms) } } }, ...errorResponses(404) },
});

export const termsRouter = createRouter().openapi(current, (c) => ok(c, currentTerms(tenantOf(c))));
