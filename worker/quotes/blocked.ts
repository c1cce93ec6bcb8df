import { isBlocked, type Blocker } from "../../engine/pricing/index.ts";
import type { QuoteItem } from "../db/quotes.ts";
import type { Refusal } from "./decide.ts";

/**
 * Items that cannot be made as they are (engine/pricing/blockers.ts): they
 * carry no price, hold their quote for the shop's manual review, and keep it
 * from being accepted or ordered until a revision clears them.
 */

type ItemLike = Pick<QuoteItem, "status" | "price">;

const blockersOf = (item: ItemLike): Blocker[] => (item.price as { blockers?: Blocker[] } | null)?.blockers ?? [];

export const itemBlocked = (item: ItemLike): boolean => item.status === "review" || isBlocked(item.price);

/** One review reason per blocked item, naming it by its position (`item_index` is zero-based). */
export function blockedReasons(items: ItemLike[]) {
  return items.flatMap((item, i) =>
    itemBlocked(item)
      ? [
          {
            code: "ITEM_BLOCKED" as const,
            message: `Item ${i + 1} cannot be made as it is: ${
              blockersOf(item)
                .map((b) => b.message)
                .join(" ") || "see its findings."
            }`,
            item_index: i,
          },
        ]
      : [],
  );
}

/** Why a quote with blocked items cannot be accepted or ordered, naming the first such item; null when none is blocked. */
export function blockedRefusal(items: ItemLike[]): Refusal | null {
  const index = items.findIndex(itemBlocked);
  if (index < 0) return null;
  const count = items.filter(itemBlocked).length;
  const first = blockersOf(items[index])[0];
  const others = count > 1 ? ` (and ${count - 1} more item${count > 2 ? "s" : ""})` : "";
  return {
    code: "UNPROCESSABLE_ENTITY",
    message:
      `Item ${index + 1}${others} cannot be made as it is, so this quote cannot be accepted or ordered yet. ${first ? `${first.message} ${first.fix}` : ""} You can also ask the shop for a manual quote.`
        .replace(/\s+/g, " ")
        .trim(),
    detail: { field: `items[${index}]`, message: first?.message ?? "cannot be made as it is", value: (items[index] as { id?: string }).id },
  };
}

/** Why the shop cannot send a quote yet: an item still has no price (price it by hand first); null when none is blocked. */
export function sendRefusal(items: ItemLike[]): Refusal | null {
  const refusal = blockedRefusal(items);
  if (!refusal) return null;
  const index = items.findIndex(itemBlocked);
  return { ...refusal, message: `Item ${index + 1} cannot be made as it is and has no price yet: price it by hand before sending the quote.` };
}
