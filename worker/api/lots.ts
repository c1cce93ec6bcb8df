import { z } from "@hono/zod-openapi";
import { LOT_ORIGINS } from "../db/schema/lots.ts";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, ok, jsonResponse } from "./envelope.ts";
import { ApiError, notFound, unprocessable } from "./errors.ts";
import { iso } from "./schemas.ts";
import { audit } from "../db/audit.ts";
import { findLot, lotsByNumber, mergeLots, receiveLot, splitLot, type Lot } from "../db/lots.ts";
import type { Scope } from "../db/scope.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { lotLabelPdf } from "../production/labels.ts";
import type { Context } from "hono";
import type { TenantEnv } from "./context.ts";

export const UNITS = ["m", "mm", "m2", "kg", "g", "l", "ml", "pcs", "sheet", "bar"] as const;

/** Quantities are kept in thousandths of the unit: more precision than that is refused, not rounded away. */
export const Quantity = z
  .number()
  .positive("must be more than 0")
  .max(1_000_000_000)
  .refine((q) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6, "has more than 3 decimals")
  .openapi({ example: 12.5 });
export const milli = (q: number) => Math.round(q * 1000);

export const LotNumber = z.string().trim().min(1, "is required").max(40).openapi({ example: "LOT-2026-00001" });
const NumberParam = z.object({ number: LotNumber.openapi({ param: { name: "number", in: "path" } }) });

const ReceiveLot = z
  .object({
    material: z.string().trim().min(1, "is required").max(120).openapi({ example: "SPW600e frame profile 6060-T66" }),
    supplier: z.string().trim().min(1, "is required").max(120),
    supplier_lot: z.string().trim().min(1, "is required").max(80),
    quantity: Quantity,
    unit: z.enum(UNITS),
    received_at: z.iso.datetime({ offset: true }).optional().openapi({ description: "Defaults to now" }),
    expires_at: z.iso.datetime({ offset: true }).optional(),
    quality: z
      .object({
        certificate_number: z.string().max(80).optional(),
        measured: z.record(z.string().max(60), z.union([z.number(), z.string().max(80)])).optional(),
      })
      .optional()
      .openapi({ description: "The supplier's certificate and the values measured on receipt" }),
  })
  .openapi("ReceiveLot");

export const LotView = z
  .object({
    id: z.string(),
    lot_number: z.string(),
    material: z.string(),
    unit: z.string(),
    quantity: z.number().openapi({ description: "What the lot holds now: the sum of its stock moves" }),
    supplier: z.string().nullable(),
    supplier_lot: z.string().nullable(),
    origin: z.enum(LOT_ORIGINS),
    received_at: z.string(),
    expires_at: z.string().nullable(),
    quality: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi("Lot");

export const presentLot = (lot: Lot) => ({
  id: lot.id,
  lot_number: lot.lot_number,
  material: lot.material,
  unit: lot.unit,
  quantity: lot.balance_milli / 1000,
  supplier: lot.supplier,
  supplier_lot: lot.supplier_lot,
  origin: lot.origin,
  received_at: new Date(lot.received_at).toISOString(),
  expires_at: iso(lot.expires_at),
  quality: lot.quality ?? null,
});

const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

const routes = {
  receive: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/",
    tags: ["Materials"],
    summary: "Receive a supplier's lot; it gets our lot number",
    request: { body: body(ReceiveLot) },
    responses: { 201: jsonResponse("Received", LotView), ...errorResponses(400, 401, 403, 422) },
  }),
  get: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/{number}",
    tags: ["Materials"],
    summary: "A lot by its number, with what it holds now",
    request: { params: NumberParam },
    responses: { 200: jsonResponse("Lot", LotView), ...errorResponses(401, 403, 404) },
  }),
  label: defineRoute({
    permission: "production:read",
    method: "get",
    path: "/{number}/label",
    tags: ["Materials"],
    summary: "A lot's 100 × 50 mm label as a PDF: QR code of its staff page, lot number, material, quantity and dates",
    request: { params: NumberParam },
    responses: {
      200: { description: "PDF", content: { "application/pdf": { schema: z.any().openapi({ type: "string", format: "binary" }) } } },
      ...errorResponses(401, 403, 404),
    },
  }),
  split: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/{number}/split",
    tags: ["Materials"],
    summary: "Split part of a lot into a child lot (its genealogy kept); 422 when the lot holds less",
    request: { params: NumberParam, body: body(z.object({ quantity: Quantity })) },
    responses: { 201: jsonResponse("The child lot", LotView), ...errorResponses(400, 401, 403, 404, 422) },
  }),
  merge: defineRoute({
    permission: "production:write",
    method: "post",
    path: "/merge",
    tags: ["Materials"],
    summary: "Merge lots of one material and unit into a new lot holding all they hold",
    request: { body: body(z.object({ lot_numbers: z.array(LotNumber).min(2, "needs at least two lots").max(50) })) },
    responses: { 201: jsonResponse("The merged lot", LotView), ...errorResponses(400, 401, 403, 404, 422) },
  }),
};

const amount = (lot: Lot) => `${lot.balance_milli / 1000} ${lot.unit}`;

export async function lotByNumber(scope: Scope, number: string) {
  const lot = await findLot(scope, { lot_number: number });
  if (!lot) throw notFound("Lot");
  return lot;
}

const actorOf = (c: Context<TenantEnv>) => principalOf(c).userId ?? null;

async function audited(c: Context<TenantEnv>, action: string, lot: Lot, data: Record<string, unknown>) {
  const principal = principalOf(c);
  await audit(scopeOf(c), {
    actor_type: principal.kind,
    actor_id: principal.userId,
    action,
    target_type: "lot",
    target_id: lot.id,
    data,
    request_id: c.get("requestId"),
  });
}

export const lotsRouter = createRouter()
  .openapi(routes.receive, async (c) => {
    const scope = scopeOf(c);
    const input = c.req.valid("json");
    const received_at = input.received_at ? Date.parse(input.received_at) : Date.now();
    const expires_at = input.expires_at ? Date.parse(input.expires_at) : null;
    if (expires_at !== null && expires_at <= received_at) throw unprocessable("expires_at", "must be after the date it was received", input.expires_at);
    const id = await receiveLot(
      scope,
      {
        material: input.material,
        unit: input.unit,
        supplier: input.supplier,
        supplier_lot: input.supplier_lot,
        received_at,
        expires_at,
        quality: input.quality ?? null,
      },
      milli(input.quantity),
      actorOf(c),
    );
    const lot = (await findLot(scope, { id }))!;
    await audited(c, "lot.received", lot, { quantity: input.quantity, unit: input.unit });
    return ok(c, presentLot(lot), 201);
  })
  .openapi(routes.get, async (c) => ok(c, presentLot(await lotByNumber(scopeOf(c), c.req.valid("param").number))))
  .openapi(routes.label, async (c) => {
    const lot = await lotByNumber(scopeOf(c), c.req.valid("param").number);
    const pdf = await lotLabelPdf(tenantOf(c), lot, c.req.url);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${lot.lot_number}-label.pdf"`,
    });
  })
  .openapi(routes.split, async (c) => {
    const scope = scopeOf(c);
    const parent = await lotByNumber(scope, c.req.valid("param").number);
    const { quantity } = c.req.valid("json");
    const child = await splitLot(scope, parent, milli(quantity), actorOf(c));
    if (!child) throw unprocessable("quantity", `Lot ${parent.lot_number} holds only ${amount((await findLot(scope, { id: parent.id }))!)}`, quantity);
    await audited(c, "lot.split", parent, { child: child.lot_number, quantity });
    return ok(c, presentLot(child), 201);
  })
  .openapi(routes.merge, async (c) => {
    const scope = scopeOf(c);
    const numbers = c.req.valid("json").lot_numbers;
    const found = await lotsByNumber(scope, numbers);
    const missing = numbers.find((n) => !found.some((l) => l.lot_number === n));
    if (missing) throw new ApiError("NOT_FOUND", "Lot not found", [{ field: "lot_numbers", message: "not found", value: missing }]);
    if (new Set(numbers).size !== numbers.length) throw unprocessable("lot_numbers", "names a lot twice", numbers);
    const sources = numbers.map((n) => found.find((l) => l.lot_number === n)!);
    const [first] = sources;
    const other = sources.find((l) => l.material !== first.material || l.unit !== first.unit);
    if (other)
      throw unprocessable(
        "lot_numbers",
        `Only lots of one material and unit merge: ${other.lot_number} is ${other.material} (${other.unit}), ${first.lot_number} is ${first.material} (${first.unit})`,
        other.lot_number,
      );
    const empty = sources.find((l) => l.balance_milli <= 0);
    if (empty) throw unprocessable("lot_numbers", `Lot ${empty.lot_number} is used up; there is nothing to merge`, empty.lot_number);
    const merged = await mergeLots(scope, sources, actorOf(c));
    await audited(c, "lot.merged", merged, { from: numbers });
    return ok(c, presentLot(merged), 201);
  });
