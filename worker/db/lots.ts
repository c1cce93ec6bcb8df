import { and, asc, eq, getTableColumns, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Remnant } from "../../engine/cutting/remnants.ts";
import { type BarDraw, isLengthUnit, mmOf, type StockLot } from "../../engine/production/bar-consumption.ts";
import { documentNumber } from "./numbers.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { lotLinks, lots, stockMoves } from "./schema/index.ts";

export type Lot = typeof lots.$inferSelect & { balance_milli: number };

const balanceOf = (scope: Scope, lotId: SQL | string) =>
  sql<number>`(SELECT COALESCE(SUM(${stockMoves.quantity_milli}), 0) FROM ${stockMoves} WHERE ${ofTenant(scope, stockMoves, eq(stockMoves.lot_id, lotId))})`;

const lotFields = getTableColumns(lots);

export interface NewLot {
  material: string;
  unit: string;
  supplier: string | null;
  supplier_lot: string | null;
  received_at: number;
  expires_at: number | null;
  quality: Record<string, unknown> | null;
}

/**
 * The next lot number (LOT-YYYY-NNNNN) and the lot with it, as statements for
 * one batch; with `onlyIf`, both happen only if it holds when the batch runs.
 */
function newLotStatements(scope: Scope, lot: NewLot & { id: string; origin: Lot["origin"] }, now: number, onlyIf: SQL = sql`1`) {
  const { advance, number } = documentNumber(scope, "LOT", new Date(now).getUTCFullYear(), onlyIf);
  // insert(…).select(sql) lists every column in table order.
  return [
    advance,
    scope.db
      .insert(lots)
      .select(
        sql`SELECT ${lot.id}, ${scope.tenantId}, ${number}, ${lot.material}, ${lot.unit}, ${lot.supplier}, ${lot.supplier_lot}, ${lot.origin}, ${lot.received_at}, ${lot.expires_at}, ${lot.quality === null ? null : JSON.stringify(lot.quality)}, ${now} WHERE ${onlyIf}`,
      ),
  ] as const;
}

const moveStatement = (
  scope: Scope,
  move: {
    id: string;
    lot_id: string;
    kind: (typeof stockMoves.$inferInsert)["kind"];
    quantity_milli: SQL | number;
    manufacturing_order_id?: string | null;
    created_by: string | null;
  },
  now: number,
  onlyIf: SQL = sql`1`,
) =>
  scope.db
    .insert(stockMoves)
    .select(
      sql`SELECT ${move.id}, ${scope.tenantId}, ${move.lot_id}, ${move.kind}, ${move.quantity_milli}, ${move.manufacturing_order_id ?? null}, ${move.created_by}, ${now} WHERE ${onlyIf}`,
    );

const linkStatement = (scope: Scope, parent: string, child: string, quantity_milli: SQL | number, now: number, onlyIf: SQL = sql`1`) =>
  scope.db.insert(lotLinks).select(sql`SELECT ${scope.tenantId}, ${parent}, ${child}, ${quantity_milli}, ${now} WHERE ${onlyIf}`);

const moveExists = (scope: Scope, id: string) => sql`EXISTS (SELECT 1 FROM ${stockMoves} WHERE ${ofTenant(scope, stockMoves, eq(stockMoves.id, id))})`;

/** Receives a supplier's lot: its number, the lot and its first stock move in one batch. */
export async function receiveLot(scope: Scope, lot: NewLot, quantity_milli: number, actor: string | null, now = Date.now()) {
  const id = crypto.randomUUID();
  await scope.db.batch([
    ...newLotStatements(scope, { ...lot, id, origin: "received" }, now),
    moveStatement(scope, { id: crypto.randomUUID(), lot_id: id, kind: "receive", quantity_milli, created_by: actor }, now),
  ]);
  return id;
}

export const findLot = (scope: Scope, where: { id: string } | { lot_number: string }) =>
  scope.db
    .select({ ...lotFields, balance_milli: balanceOf(scope, sql`${lots.id}`) })
    .from(lots)
    .where(ofTenant(scope, lots, "id" in where ? eq(lots.id, where.id) : eq(lots.lot_number, where.lot_number)))
    .get() as Promise<Lot | undefined>;

export const lotsByNumber = (scope: Scope, numbers: string[]) =>
  scope.db
    .select({ ...lotFields, balance_milli: balanceOf(scope, sql`${lots.id}`) })
    .from(lots)
    .where(ofTenant(scope, lots, inArray(lots.lot_number, numbers))) as Promise<Lot[]>;

/**
 * Splits `quantity_milli` off a lot into a new child lot. Every statement of
 * the batch holds only if the parent still has that much when it runs, so a
 * consumption at the same moment cannot overdraw it: null then, nothing written.
 */
export async function splitLot(scope: Scope, parent: Lot, quantity_milli: number, actor: string | null, now = Date.now()) {
  const child = crypto.randomUUID();
  const out = crypto.randomUUID();
  const done = moveExists(scope, out);
  await scope.db.batch([
    moveStatement(
      scope,
      { id: out, lot_id: parent.id, kind: "split", quantity_milli: -quantity_milli, created_by: actor },
      now,
      sql`${balanceOf(scope, parent.id)} >= ${quantity_milli}`,
    ),
    ...newLotStatements(scope, { ...parent, id: child, origin: "split" }, now, done),
    moveStatement(scope, { id: crypto.randomUUID(), lot_id: child, kind: "split", quantity_milli, created_by: actor }, now, done),
    linkStatement(scope, parent.id, child, quantity_milli, now, done),
  ]);
  return (await findLot(scope, { id: child })) ?? null;
}

/** Merges lots of one material into a new lot holding all they hold when the batch runs. */
export async function mergeLots(scope: Scope, sources: Lot[], actor: string | null, now = Date.now()) {
  const merged = crypto.randomUUID();
  const outs = sources.map((lot) => ({ lot, move: crypto.randomUUID() }));
  const first = sources[0];
  await scope.db.batch([
    ...newLotStatements(
      scope,
      {
        ...first,
        id: merged,
        origin: "merge",
        received_at: Math.min(...sources.map((l) => l.received_at)),
        expires_at: earliest(sources.map((l) => l.expires_at)),
        supplier_lot: null,
        quality: null,
      },
      now,
    ),
    ...outs.map(({ lot, move }) =>
      moveStatement(scope, { id: move, lot_id: lot.id, kind: "merge", quantity_milli: sql`-${balanceOf(scope, lot.id)}`, created_by: actor }, now),
    ),
    ...outs.map(({ lot, move }) =>
      linkStatement(
        scope,
        lot.id,
        merged,
        sql`(SELECT -${stockMoves.quantity_milli} FROM ${stockMoves} WHERE ${ofTenant(scope, stockMoves, eq(stockMoves.id, move))})`,
        now,
      ),
    ),
    moveStatement(
      scope,
      {
        id: crypto.randomUUID(),
        lot_id: merged,
        kind: "merge",
        quantity_milli: sql`(SELECT -SUM(${stockMoves.quantity_milli}) FROM ${stockMoves} WHERE ${ofTenant(
          scope,
          stockMoves,
          inArray(
            stockMoves.id,
            outs.map((o) => o.move),
          ),
        )})`,
        created_by: actor,
      },
      now,
    ),
  ]);
  return (await findLot(scope, { id: merged }))!;
}

const earliest = (dates: (number | null)[]) => {
  const set = dates.filter((d): d is number => d !== null);
  return set.length > 0 ? Math.min(...set) : null;
};

/** Records material of a lot going into a manufacturing order; false (nothing written) when the lot holds less. */
export async function consumeLot(scope: Scope, lot: Lot, moId: string, quantity_milli: number, actor: string | null, now = Date.now()) {
  const id = crypto.randomUUID();
  await moveStatement(
    scope,
    { id, lot_id: lot.id, kind: "consume", quantity_milli: -quantity_milli, manufacturing_order_id: moId, created_by: actor },
    now,
    sql`${balanceOf(scope, lot.id)} >= ${quantity_milli}`,
  );
  return (
    (await scope.db
      .select({ id: stockMoves.id })
      .from(stockMoves)
      .where(ofTenant(scope, stockMoves, eq(stockMoves.id, id)))
      .get()) !== undefined
  );
}

export const consumptionsOf = (scope: Scope, moId: string) =>
  scope.db
    .select({
      lot_id: stockMoves.lot_id,
      lot_number: lots.lot_number,
      material: lots.material,
      unit: lots.unit,
      quantity_milli: sql<number>`-SUM(${stockMoves.quantity_milli})`,
    })
    .from(stockMoves)
    .innerJoin(lots, and(eq(lots.tenant_id, stockMoves.tenant_id), eq(lots.id, stockMoves.lot_id)))
    .where(ofTenant(scope, stockMoves, eq(stockMoves.manufacturing_order_id, moId), eq(stockMoves.kind, "consume")))
    .groupBy(stockMoves.lot_id)
    .orderBy(asc(lots.lot_number));

/** Every lot of these materials with what it holds now: the stock a cutting list is drawn from. */
export const stockOf = (scope: Scope, materials: string[]) =>
  scope.db
    .select({ ...lotFields, balance_milli: balanceOf(scope, sql`${lots.id}`) })
    .from(lots)
    .where(ofTenant(scope, lots, inArray(lots.material, materials))) as Promise<(Lot & StockLot)[]>;

/** The remnant lots of these profiles still in stock, each one piece as long as it holds. */
export async function remnantsInStock(scope: Scope, profiles: string[]): Promise<Remnant[]> {
  const stock = await stockOf(scope, profiles);
  return stock
    .filter((l) => l.origin === "remnant" && l.balance_milli > 0 && isLengthUnit(l.unit))
    .map((l) => ({ lot_number: l.lot_number, profile: l.material, length: mmOf(l.unit, l.balance_milli) }));
}

/**
 * A cutting list's draws from stock (engine/production/bar-consumption.ts),
 * as statements that each hold only if `onlyIf` does when the batch runs:
 * each manufacturing order's share of a bar consumed from its lot, and each
 * kept offcut split off that lot into a remnant lot of its own.
 */
export function drawStatements(scope: Scope, draws: BarDraw[], actor: string | null, now: number, onlyIf: SQL) {
  return draws.flatMap((draw) => {
    const consumed = draw.shares.map((share) =>
      moveStatement(
        scope,
        {
          id: crypto.randomUUID(),
          lot_id: draw.lot.id,
          kind: "consume",
          quantity_milli: -share.quantity_milli,
          manufacturing_order_id: share.manufacturing_order_id,
          created_by: actor,
        },
        now,
        onlyIf,
      ),
    );
    if (!draw.remnant) return consumed;
    const parent = draw.lot as Lot;
    const child = crypto.randomUUID();
    const kept = draw.remnant.quantity_milli;
    return [
      ...consumed,
      moveStatement(scope, { id: crypto.randomUUID(), lot_id: parent.id, kind: "split", quantity_milli: -kept, created_by: actor }, now, onlyIf),
      // Remnants keep their bar's age and expiry: first in, first out still holds.
      ...newLotStatements(scope, { ...parent, id: child, origin: "remnant" }, now, onlyIf),
      moveStatement(scope, { id: crypto.randomUUID(), lot_id: child, kind: "split", quantity_milli: kept, created_by: actor }, now, onlyIf),
      linkStatement(scope, parent.id, child, kept, now, onlyIf),
    ];
  });
}

/**
 * Ends the batch in failure when `onlyIf` holds and one of these lots would
 * hold less than nothing (something drew on it since it was read): a stock
 * move without a tenant breaks NOT NULL, and D1 rolls the whole batch back.
 */
export const noOverdrawStatement = (scope: Scope, lotIds: string[], onlyIf: SQL) =>
  scope.db
    .insert(stockMoves)
    .select(
      sql`SELECT 'overdrawn', NULL, NULL, 'consume', 0, NULL, NULL, 0 WHERE ${onlyIf} AND (${or(...lotIds.map((id) => sql`${balanceOf(scope, id)} < 0`))})`,
    );

export const OVERDRAWN_COLUMN = "stock_moves.tenant_id";
