import type { Analysis } from "../mesh/types.ts";
import { compilePriceBook, type CompiledPriceBook } from "./compile.ts";
import { costBook, customerBook } from "./customer-book.ts";
import type { PriceBook } from "./price-book.ts";
import { price } from "./price.ts";
import { exTax } from "./tax.ts";
import type { BreakdownCode, PriceOptions, PriceResult } from "./types.ts";

/**
 * A published price book as the Worker holds it: the shop's private book, the
 * compiled customer book every price is made with (the browser's too), and
 * the compiled cost book the margin floor is checked against.
 */
export interface ShopBook {
  book: PriceBook;
  customer: CompiledPriceBook;
  cost: CompiledPriceBook;
}

export function compileShopBook(book: PriceBook): ShopBook {
  return { book, customer: compilePriceBook(customerBook(book)), cost: compilePriceBook(costBook(book)) };
}

const MANUFACTURING: ReadonlySet<BreakdownCode> = new Set(["material", "machine_time", "supports", "finishing", "setup"]);

/**
 * What a sold part costs the shop: the same calculator on the cost book, on
 * the machine the customer price chose, summing the manufacturing lines
 * (each rounded to a minor unit, so within a few minor units of exact).
 */
export function costOf(analysis: Analysis, shop: ShopBook, options: PriceOptions, sold: PriceResult): number {
  const atCost = price(analysis, shop.cost, { ...options, machine: sold.machine.code });
  let cost = 0;
  for (const line of atCost.breakdown) if (MANUFACTURING.has(line.code)) cost += line.amount;
  return cost;
}

/**
 * Whether a price leaves the shop less than its margin floor. The customer
 * still sees the customer book's price: a breach sends the quote to review
 * rather than changing the number (an economy lead time or a deep quantity
 * break would otherwise show one price in the browser and another on the server).
 * The price is taken without tax, as the cost is (an inclusive book's total contains it).
 */
export function belowMarginFloor(shop: ShopBook, sold: PriceResult, cost: number): boolean {
  return exTax(sold) * (1 - shop.book.margin.floor) < cost;
}
