import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { notFound } from "./errors.ts";
import { IdParam } from "./schemas.ts";
import { findSpecification } from "../db/specifications.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { Specification } from "./schemas/specification.ts";

const get = defineRoute({
  permission: "production:read",
  method: "get",
  path: "/{id}",
  tags: ["Specifications"],
  summary: "A specification generated for a partner's specification.requested: configuration, U-value breakdown, BOM, cutting list and QC checklist per item",
  request: { params: IdParam },
  responses: {
    200: { description: "Specification document", content: { "application/json": { schema: envelope(Specification) } } },
    ...errorResponses(401, 403, 404),
  },
});

export const specificationsRouter = createRouter().openapi(get, async (c) => {
  const scope = scopeOf(c);
  const spec = await findSpecification(scope, c.req.valid("param").id);
  const object = spec && (await c.env.FILES.get(spec.r2_key));
  if (!object) throw notFound("Specification");
  // Written by specificationDocument; the workerd tests hold it to the schema.
  return ok(c, await object.json<Specification>());
});
