import type { SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { CuttingResult } from "../../engine/cutting/types.ts";
import { planBarConsumption, type Shortage } from "../../engine/production/bar-consumption.ts";
import { unprocessable } from "../api/errors.ts";
import { claimCuttingListStatement, consumedBy, findCuttingListOfOrder } from "../db/cutting-lists.ts";
import { drawStatements, noOverdrawStatement, stockOf } from "../db/lots.ts";
import { manufacturingOrdersOf, type ManufacturingOrder } from "../db/manufacturing-orders.ts";
import type { Scope } from "../db/scope.ts";
import { findTenantOf } from "../db/tenants.ts";
import type { Env } from "../env.ts";

/** Offcuts at least this long go back to stock as remnant lots unless the shop sets its own minimum. */
export const DEFAULT_REMNANT_MIN_LENGTH_MM = 500;

/** A piece's label on the order's cutting list starts with its line: "Item 2: Frame jamb". */
const LINE = /^Item (\d+):/;

interface OrderCuttingDoc extends CuttingResult {
  items: { item_id: string; position: number }[];
}

const bars = (n: number) => `${n} bar${n === 1 ? "" : "s"}`;
const shortageText = (s: Shortage) => {
  const byLength = new Map<number, number>();
  for (const length of s.bars) byLength.set(length, (byLength.get(length) ?? 0) + 1);
  return `${s.profile}: ${[...byLength].map(([length, n]) => `${bars(n)} of ${length} mm`).join(", ")}`;
};

/**
 * The statements that take the order's cutting list out of stock when the
 * first of its manufacturing orders finishes cutting (the saw cuts the whole
 * combined list): every bar's draw and remnant (engine/production/
 * bar-consumption.ts), all holding only if this batch claims the list and
 * `moChanged` (the operation's own update) took effect, and a last statement
 * that fails the batch if a lot was drawn below nothing meanwhile. None when
 * the order has no cutting list or it was taken out of stock already.
 * Refused with 422 when a profile the shop keeps stock of is short.
 */
export async function cuttingListDraws(env: Env, scope: Scope, mo: ManufacturingOrder, moChanged: SQL, actor: string | null): Promise<BatchItem<"sqlite">[]> {
  const row = await findCuttingListOfOrder(scope, mo.order_id);
  if (!row || row.consumed_token !== null) return [];
  const object = await env.FILES.get(row.r2_key);
  if (!object) return [];
  const list = await object.json<OrderCuttingDoc>();
  const [mos, stock, tenant] = await Promise.all([
    manufacturingOrdersOf(scope, mo.order_id),
    stockOf(scope, [...new Set(list.bars.map((b) => b.profile))]),
    findTenantOf(scope),
  ]);
  const moOfItem = new Map(mos.map((m) => [m.quote_item_id, m.id]));
  const itemAt = new Map(list.items.map((i) => [i.position, i.item_id]));
  const now = Date.now();
  const plan = planBarConsumption(
    list.bars,
    (label) => {
      const line = LINE.exec(label);
      return line ? moOfItem.get(itemAt.get(Number(line[1])) ?? "") : undefined;
    },
    mo.id,
    stock,
    { remnant_min_length: tenant?.settings.remnant_min_length_mm ?? DEFAULT_REMNANT_MIN_LENGTH_MM, now },
  );
  if (!plan.ok) {
    throw unprocessable(
      "code",
      `Not enough stock to cut this order: no lot holds ${plan.shortages.map(shortageText).join("; ")}. Receive the profile (or split a lot) and finish cutting again.`,
      "cut",
    );
  }
  if (plan.draws.length === 0) return [];
  const token = crypto.randomUUID();
  const claimed = consumedBy(scope, row.id, token);
  return [
    claimCuttingListStatement(scope, row.id, token, now, moChanged),
    ...drawStatements(scope, plan.draws, actor, now, claimed),
    noOverdrawStatement(scope, [...new Set(plan.draws.map((d) => d.lot.id))], claimed),
  ];
}
