import { compilePriceBook, type CompiledPriceBook, type PriceBook } from "../../engine/pricing/index.ts";
import { ApiError } from "../api/errors.ts";
import { currentPriceBook, priceBookVersion, type PriceBookRow } from "../db/price-books.ts";
import type { Scope } from "../db/scope.ts";

/**
 * Compiled price books by tenant and version. A version never changes once
 * published, so caching it in isolate memory is safe: another isolate simply
 * compiles its own copy.
 */
const compiled = new Map<string, CompiledPriceBook>();
const CACHE_LIMIT = 256;

export function compiledBook(tenantId: string, row: PriceBookRow): CompiledPriceBook {
  const key = `${tenantId}:${row.version}`;
  let book = compiled.get(key);
  if (!book) {
    book = compilePriceBook(row.body as unknown as PriceBook);
    if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, book);
  }
  return book;
}

export async function publishedBook(scope: Scope) {
  const row = await currentPriceBook(scope);
  if (!row) throw new ApiError("NOT_FOUND", "This shop has not published a price book yet");
  return { row, book: compiledBook(scope.tenantId, row) };
}

export async function bookVersion(scope: Scope, version: number) {
  const row = await priceBookVersion(scope, version);
  if (!row) throw new ApiError("NOT_FOUND", `Price book version ${version} not found`);
  return { row, book: compiledBook(scope.tenantId, row) };
}
