import { compileShopBook, type PriceBook, type ShopBook } from "../../engine/pricing/index.ts";
import { ApiError } from "../api/errors.ts";
import { currentPriceBook, priceBookVersion, type PriceBookRow } from "../db/price-books.ts";
import type { Scope } from "../db/scope.ts";

/**
 * Compiled price books by tenant and version. A version never changes once
 * published, so caching it in isolate memory is safe: another isolate simply
 * compiles its own copy.
 */
const compiled = new Map<string, ShopBook>();
const CACHE_LIMIT = 256;

/** The shop's private book with its compiled customer and cost books. */
export function shopBook(tenantId: string, row: PriceBookRow): ShopBook {
  const key = `${tenantId}:${row.version}`;
  let shop = compiled.get(key);
  if (!shop) {
    shop = compileShopBook(row.body as unknown as PriceBook);
    if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, shop);
  }
  return shop;
}

/**
 * The published book: `book` is the compiled customer book every price is
 * made with (the browser's instant price uses the same), `shop` the private
 * side (margin floor, review rules) for the server's own checks.
 */
export async function publishedBook(scope: Scope) {
  const row = await currentPriceBook(scope);
  if (!row) throw new ApiError("NOT_FOUND", "This shop has not published a price book yet");
  const shop = shopBook(scope.tenantId, row);
  return { row, book: shop.customer, shop };
}

export async function bookVersion(scope: Scope, version: number) {
  const row = await priceBookVersion(scope, version);
  if (!row) throw new ApiError("NOT_FOUND", `Price book version ${version} not found`);
  const shop = shopBook(scope.tenantId, row);
  return { row, book: shop.customer, shop };
}
