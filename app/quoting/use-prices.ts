/** Local prices per part, recomputed only when a part's analysis or options change (not on progress ticks). */
import { useMemo, useRef } from "react";
import type { CompiledPriceBook } from "../../engine/pricing/compile.ts";
import type { PriceOptions } from "../../engine/pricing/types.ts";
import { priceLocally, type LocalPrice } from "./local-price.ts";
import type { Part } from "./use-parts.ts";

interface Entry {
  result: unknown;
  options: PriceOptions;
  priced: LocalPrice;
}

export function usePrices(parts: Part[], book: CompiledPriceBook): Map<string, LocalPrice> {
  const cache = useRef(new Map<string, Entry>());
  return useMemo(() => {
    const next = new Map<string, Entry>();
    for (const p of parts) {
      if (p.analysis.state !== "done" || !p.options) continue;
      const old = cache.current.get(p.id);
      const fresh = old && old.result === p.analysis.result && old.options === p.options;
      next.set(p.id, fresh ? old : { result: p.analysis.result, options: p.options, priced: priceLocally(p.analysis.result.analysis, book, p.options) });
    }
    cache.current = next;
    return new Map([...next].map(([id, e]) => [id, e.priced]));
  }, [parts, book]);
}
