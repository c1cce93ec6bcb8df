import { money } from "../../app/format/money.ts";
import { analyzeMesh } from "../../engine/mesh/index.ts";
import { compilePriceBook, price, type SellBook } from "../../engine/pricing/index.ts";
import { kernelModule } from "../unit/mesh/solids.ts";

/**
 * The price the instant page should show for a mesh with its first choices (FFF, the book's first FFF
 * material and its finish, the default lead time and infill): the same engine over the shop's book.
 */
export async function expectedFffTotal(stl: Uint8Array, filename: string, book: SellBook, quantity = 1): Promise<string> {
  const { analysis } = await analyzeMesh(stl, { kernel: kernelModule(), filename });
  const material = book.materials.find((m) => m.processes.includes("fff"))!;
  const finish = book.finishes.find((f) => f.processes.includes("fff") && f.materials.includes(material.code));
  const total = price(analysis, compilePriceBook(book), {
    process: "fff",
    material: material.code,
    finish: finish?.code,
    quantity,
    lead_time: book.default_lead_time,
    infill: book.processes.fff!.infill.default,
  }).total;
  return money("en-GB", total, book.currency);
}
