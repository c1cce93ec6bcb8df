import type { QuoteItem } from "../api/schemas/quote.ts";

/** One difference between a quote's revision and the one before it. */
export interface QuoteChange {
  item_id: string;
  /** The item's place (1-based) in the revision it is in now, or was in when removed. */
  item: number;
  field: string;
  before: unknown;
  after: unknown;
  price_before: number | null;
  price_after: number | null;
}

type ItemView = Pick<QuoteItem, "id" | "position" | "options" | "price"> & Partial<Pick<QuoteItem, "configuration_id">>;

const FIELDS = ["process", "material", "finish", "quantity", "lead_time", "infill", "colour", "thickness_mm", "machine"] as const;
const totalOf = (i: ItemView | undefined) => (i?.price && typeof i.price.total === "number" ? i.price.total : null);

/**
 * What changed from the previous revision (its snapshot's items) to the current
 * one: items pair by id (a revision keeps the ids of the items it carries on);
 * each changed choice is one entry with both prices, an item whose choices are
 * the same but whose price is not one entry with field `price`, an added or
 * removed item one entry with field `item`.
 */
export function changesBetween(previous: ItemView[], current: ItemView[]): QuoteChange[] {
  const before = new Map(previous.map((i) => [i.id, i]));
  const changes: QuoteChange[] = [];
  for (const item of current) {
    const old = before.get(item.id);
    const prices = { price_before: totalOf(old), price_after: totalOf(item) };
    if (!old) {
      changes.push({ item_id: item.id, item: item.position + 1, field: "item", before: null, after: "added", ...prices });
      continue;
    }
    const was = old.options as Record<string, unknown>;
    const now = item.options as Record<string, unknown>;
    const edited = FIELDS.filter((field) => (was[field] ?? null) !== (now[field] ?? null));
    for (const field of edited)
      changes.push({ item_id: item.id, item: item.position + 1, field, before: was[field] ?? null, after: now[field] ?? null, ...prices });
    // A configured product redesigned: another saved configuration in the item's place (before and after are their ids).
    const redesigned = (old.configuration_id ?? null) !== (item.configuration_id ?? null);
    if (redesigned)
      changes.push({
        item_id: item.id,
        item: item.position + 1,
        field: "configuration",
        before: old.configuration_id ?? null,
        after: item.configuration_id ?? null,
        ...prices,
      });
    // Same choices, new price (a requote on a newer price book): the price is the change.
    if (edited.length === 0 && !redesigned && prices.price_after !== null && prices.price_before !== prices.price_after)
      changes.push({ item_id: item.id, item: item.position + 1, field: "price", before: prices.price_before, after: prices.price_after, ...prices });
  }
  const kept = new Set(current.map((i) => i.id));
  for (const old of previous)
    if (!kept.has(old.id))
      changes.push({
        item_id: old.id,
        item: old.position + 1,
        field: "item",
        before: "present",
        after: "removed",
        price_before: totalOf(old),
        price_after: null,
      });
  return changes;
}
