import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, jsonResponse, listEnvelope, ok, okList } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { Id, ListQuery } from "./schemas.ts";
import { LotView, milli, presentLot, Quantity, UNITS } from "./lots.ts";
import { audit } from "../db/audit.ts";
import { lotsInStock } from "../db/lots.ts";
import { findMaterial, insertMaterial, listMaterials, type MaterialWithStock, updateMaterial } from "../db/materials.ts";
import { MATERIAL_KINDS } from "../db/schema/lots.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import type { Context } from "hono";
import type { TenantEnv } from "./context.ts";

/** Lots listed on a material's page: enough for any shelf; the lot search finds the rest. */
const LOTS_SHOWN = 200;

const MaterialView = z
  .object({
    id: z.string(),
    code: z.string().openapi({ description: "What its lots carry as `material` (a profile code such as SPW600-F01)" }),
    name: z.string(),
    kind: z.enum(MATERIAL_KINDS),
    unit: z.string(),
    stock: z.number().openapi({ description: "What its lots in `unit` hold now" }),
    reorder_point: z.number().nullable().openapi({ description: "Order more when the stock is below this; null: no alert" }),
    below_reorder_point: z.boolean(),
  })
  .openapi("Material");

const MaterialDetail = MaterialView.extend({
  lots: z.array(LotView).openapi({ description: "Its lots that hold something, in the order they are used (earliest expiry, then earliest received)" }),
}).openapi("MaterialDetail");

const Code = z
  .string()
  .trim()
  .min(1, "is required")
  .max(120)
  .regex(/^[^\p{Cc}]*$/u, "must be a single line of text");
const Name = z.string().trim().min(1, "is required").max(200);

const NewMaterial = z
  .strictObject({ code: Code, name: Name, kind: z.enum(MATERIAL_KINDS), unit: z.enum(UNITS), reorder_point: Quantity.nullable().optional() })
  .openapi("NewMaterial");
const MaterialPatch = z
  .strictObject({ name: Name.optional(), kind: z.enum(MATERIAL_KINDS).optional(), reorder_point: Quantity.nullable().optional() })
  .openapi("MaterialPatch");

const present = (m: MaterialWithStock) => ({
  id: m.id,
  code: m.code,
  name: m.name,
  kind: m.kind,
  unit: m.unit,
  stock: m.stock_milli / 1000,
  reorder_point: m.reorder_point_milli === null ? null : m.reorder_point_milli / 1000,
  below_reorder_point: m.reorder_point_milli !== null && m.stock_milli < m.reorder_point_milli,
});

const IdParam = z.object({ id: Id.openapi({ param: { name: "id", in: "path" } }) });
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

const routes = {
  list: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/",
    tags: ["Materials"],
    summary: "The materials the shop stocks, each with its stock level and whether it is below its reorder point",
    request: {
      query: ListQuery.extend({
        below_reorder_point: z
          .enum(["true", "false"])
          .optional()
          .transform((v) => v === "true")
          .openapi({ description: "true: only the materials to order now" }),
      }),
    },
    responses: { 200: { description: "Materials", content: { "application/json": { schema: listEnvelope(MaterialView) } } }, ...errorResponses(400, 401, 403) },
  }),
  create: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/",
    tags: ["Materials"],
    summary: "Add a material to stock by the code its lots carry; 409 when the code is taken",
    request: { body: json(NewMaterial) },
    responses: { 201: jsonResponse("Added", MaterialView), ...errorResponses(400, 401, 403, 409) },
  }),
  get: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/{id}",
    tags: ["Materials"],
    summary: "A material with its stock level and its lots in the order they are used",
    request: { params: IdParam },
    responses: { 200: jsonResponse("Material", MaterialDetail), ...errorResponses(401, 403, 404) },
  }),
  patch: defineRoute({
    permission: "production:write",
    method: "patch",
    path: "/{id}",
    tags: ["Materials"],
    summary: "Rename a material or change its reorder point (null: no alert); its code and unit stay, as its lots carry them",
    request: { params: IdParam, body: json(MaterialPatch) },
    responses: { 200: jsonResponse("Changed", MaterialView), ...errorResponses(400, 401, 403, 404) },
  }),
};

async function audited(c: Context<TenantEnv>, action: string, id: string, data: Record<string, unknown>) {
  const principal = principalOf(c);
  await audit(scopeOf(c), {
    actor_type: principal.kind,
    actor_id: principal.userId,
    action,
    target_type: "material",
    target_id: id,
    data,
    request_id: c.get("requestId"),
  });
}

export const materialsRouter = createRouter()
  .openapi(routes.list, async (c) => {
    const { limit, cursor, below_reorder_point } = c.req.valid("query");
    const { data, pagination } = await listMaterials(scopeOf(c), { limit, cursor }, { belowReorderPoint: below_reorder_point });
    return okList(c, data.map(present), pagination);
  })
  .openapi(routes.create, async (c) => {
    const scope = scopeOf(c);
    const input = c.req.valid("json");
    let id: string;
    try {
      id = await insertMaterial(scope, {
        code: input.code,
        name: input.name,
        kind: input.kind,
        unit: input.unit,
        reorder_point_milli: input.reorder_point == null ? null : milli(input.reorder_point),
      });
    } catch (e) {
      if (!isUniqueViolation(e, "materials")) throw e;
      throw new ApiError("CONFLICT", `The shop already stocks a material with the code ${input.code}`, [
        { field: "code", message: "is taken by another material", value: input.code },
      ]);
    }
    await audited(c, "material.created", id, input);
    return ok(c, present((await findMaterial(scope, id))!), 201);
  })
  .openapi(routes.get, async (c) => {
    const scope = scopeOf(c);
    const material = await findMaterial(scope, c.req.valid("param").id);
    if (!material) throw notFound("Material");
    const lots = await lotsInStock(scope, material.code, material.unit, LOTS_SHOWN);
    return ok(c, { ...present(material), lots: lots.map(presentLot) });
  })
  .openapi(routes.patch, async (c) => {
    const scope = scopeOf(c);
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const { meta } = await updateMaterial(scope, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.reorder_point !== undefined && { reorder_point_milli: input.reorder_point === null ? null : milli(input.reorder_point) }),
    }).run();
    if (meta.changes === 0) throw notFound("Material");
    await audited(c, "material.changed", id, input);
    return ok(c, present((await findMaterial(scope, id))!));
  });
