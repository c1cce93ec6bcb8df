import { ApiError } from "../api/errors.ts";
import type { CompiledPriceBook } from "../../engine/pricing/index.ts";
import type { NewQuoteItem, QuoteItem } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import type { Viewer } from "../db/viewer.ts";
import { freshCopies } from "./revise.ts";
import { prepareItem, type ItemInput } from "./items.ts";

/** What a customer may change on an item when revising: a part's options, or a configured product's configuration, quantity and lead time. */
export interface ItemEdit {
  item_id: string;
  quantity?: number;
  material?: string;
  finish?: string | null;
  lead_time?: string | null;
  configuration_id?: string;
}

export interface Edits {
  changes?: ItemEdit[];
  remove?: string[];
  add?: ItemInput[];
}

const PART_ONLY = ["material", "finish"] as const;

/**
 * The items of the next revision: the current ones (keeping their ids, so the
 * next revision's differences pair item with item), edited, less the removed,
 * plus the added; each checked against the published book as a new item is
 * (422 naming `changes.N.field` or `add.N.field`).
 */
export async function editedItems(scope: Scope, viewer: Viewer, book: CompiledPriceBook, items: QuoteItem[], edits: Edits): Promise<NewQuoteItem[]> {
  const known = new Set(items.map((i) => i.id));
  const unknown = (field: string, id: string) =>
    new ApiError("UNPROCESSABLE_ENTITY", "That item is not on this quote (it may have been changed meanwhile: reload the quote)", [
      { field, message: "is not an item of this quote", value: id },
    ]);
  for (const [i, id] of (edits.remove ?? []).entries()) if (!known.has(id)) throw unknown(`remove.${i}`, id);
  const changeOf = new Map<string, { edit: ItemEdit; at: string }>();
  for (const [i, edit] of (edits.changes ?? []).entries()) {
    if (!known.has(edit.item_id)) throw unknown(`changes.${i}.item_id`, edit.item_id);
    changeOf.set(edit.item_id, { edit, at: `changes.${i}` });
  }
  const removed = new Set(edits.remove ?? []);
  const next: NewQuoteItem[] = [];
  const copies = freshCopies(items);
  for (const [n, item] of items.entries()) {
    const copy = copies[n];
    if (removed.has(item.id)) continue;
    const change = changeOf.get(item.id);
    if (!change) {
      next.push({ ...copy, id: item.id });
      continue;
    }
    const { item_id: _id, ...edit } = change.edit;
    const options = item.options as Record<string, unknown>;
    let input: ItemInput;
    if (item.configuration_id) {
      const part = PART_ONLY.find((f) => edit[f] !== undefined);
      if (part)
        throw new ApiError("UNPROCESSABLE_ENTITY", `A configured product has no ${part} to choose here: change its configuration instead`, [
          { field: `${change.at}.${part}`, message: "does not apply to a configured product" },
        ]);
      input = {
        configuration_id: edit.configuration_id ?? item.configuration_id,
        quantity: edit.quantity ?? (options.quantity as number),
        ...leadTime(options, edit),
      };
    } else {
      if (edit.configuration_id !== undefined)
        throw new ApiError("UNPROCESSABLE_ENTITY", "A part has no configuration to change: remove it and add the configured product instead", [
          { field: `${change.at}.configuration_id`, message: "applies to configured products only" },
        ]);
      const { finish, lead_time, configuration_id: _none, ...rest } = { ...options, ...edit };
      input = {
        ...(rest as unknown as Omit<ItemInput & { model_id: string }, "model_id">),
        model_id: item.model_id!,
        ...(finish ? { finish: finish as string } : {}),
        ...(lead_time ? { lead_time: lead_time as string } : {}),
      } as ItemInput;
    }
    next.push({ ...(await prepareItem(scope, viewer, book, input, change.at)), id: item.id });
  }
  for (const [i, input] of (edits.add ?? []).entries()) next.push(await prepareItem(scope, viewer, book, input, `add.${i}`));
  if (next.length === 0)
    throw new ApiError("UNPROCESSABLE_ENTITY", "A quote keeps at least one item: add one, or reject the quote instead", [
      { field: "remove", message: "would leave the quote empty" },
    ]);
  return next;
}

const leadTime = (options: Record<string, unknown>, edit: Omit<ItemEdit, "item_id">) => {
  const value = edit.lead_time === undefined ? options.lead_time : edit.lead_time;
  return typeof value === "string" ? { lead_time: value } : {};
};
