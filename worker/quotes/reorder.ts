import type { QuoteItem as QuoteItemView } from "../api/schemas/quote.ts";
import type { QuoteItem } from "../db/quotes.ts";
import { changesBetween, type QuoteChange } from "./changes.ts";
import type { ItemInput } from "./items.ts";

/**
 * An ordered quote's items as the input of a new quote: the same parts (with
 * every choice) and configured products, in the same order, so they are checked
 * and priced as any new item is — on today's published price book.
 */
export function reorderInputs(items: QuoteItem[]): ItemInput[] {
  return items.map((item) => {
    const options = item.options as Record<string, unknown>;
    if (item.configuration_id) {
      const { quantity, lead_time } = options as { quantity: number; lead_time?: string };
      return { configuration_id: item.configuration_id, quantity, ...(lead_time ? { lead_time } : {}) };
    }
    return { ...(options as unknown as Omit<Extract<ItemInput, { model_id: string }>, "model_id">), model_id: item.model_id! };
  });
}

/**
 * What the re-order changed from the order: the original items paired with
 * their copies by place (the copies have new ids), compared as a revision is
 * (decision 48) — so each item whose price moved is one `price` entry.
 */
export function reorderChanges(ordered: QuoteItemView[], copies: QuoteItemView[]): QuoteChange[] {
  const paired = ordered.map((item) => ({ ...item, id: copies.find((c) => c.position === item.position)?.id ?? item.id }));
  return changesBetween(paired, copies);
}
