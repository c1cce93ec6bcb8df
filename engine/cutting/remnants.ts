import { bestPattern } from "./knapsack.ts";
import { DEFAULT_KERF, optimiseCutting } from "./optimise.ts";
import type { CutBar, CutRequest, CuttingInput, CuttingResult } from "./types.ts";

/** A usable offcut in stock: one piece of a profile, by the lot that holds it. */
export interface Remnant {
  lot_number: string;
  profile: string;
  /** mm; both ends are clean saw cuts, so no trim is taken off. */
  length: number;
}

/** Work allowed to the knapsack that fills one remnant. */
const WORK_PER_REMNANT = 20_000;
/** 1/100 mm, as the optimiser counts. */
const SCALE = 100;

/**
 * The cutting list with remnants from stock used before new bars: each
 * remnant of a profile, longest first, is filled with the pieces that use the
 * most of it (a bounded knapsack over the piece lengths still to cut), and
 * what is left is optimised onto new bars as usual. Bars cut from a remnant
 * carry its `remnant_lot`; the totals, bounds and `optimal` of the result
 * describe the new bars only (the remnants cost nothing to buy).
 */
export function optimiseWithRemnants(input: CuttingInput, remnants: readonly Remnant[]): CuttingResult {
  const kerf = input.kerf ?? DEFAULT_KERF;
  // Every piece still to cut, by profile and length: the labels of its copies.
  const todo = new Map<string, Map<number, string[]>>();
  for (const cut of input.cuts) {
    const byLength = todo.get(cut.profile) ?? new Map<number, string[]>();
    todo.set(cut.profile, byLength);
    const labels = byLength.get(cut.length) ?? [];
    byLength.set(cut.length, labels);
    for (let i = 0; i < cut.quantity; i++) labels.push(cut.label);
  }

  const remnantBars: CutBar[] = [];
  for (const remnant of [...remnants].sort((a, b) => b.length - a.length || a.lot_number.localeCompare(b.lot_number))) {
    const byLength = todo.get(remnant.profile);
    if (!byLength || byLength.size === 0) continue;
    const lengths = [...byLength.keys()];
    const weights = lengths.map((l) => Math.round((l + kerf) * SCALE));
    const counts = lengths.map((l) => byLength.get(l)!.length);
    const fill = bestPattern(weights, weights, counts, Math.round((remnant.length + kerf) * SCALE), WORK_PER_REMNANT);
    if (fill.value === 0) continue;
    const cuts = lengths.flatMap((length, i) => {
      const labels = byLength.get(length)!;
      const taken = labels.splice(0, fill.counts[i]);
      if (labels.length === 0) byLength.delete(length);
      return taken.map((label) => ({ length, label }));
    });
    cuts.sort((a, b) => b.length - a.length);
    const used = cuts.reduce((s, c) => s + c.length, 0) + (cuts.length - 1) * kerf;
    const offcut = Math.max(remnant.length - used - kerf, 0);
    remnantBars.push({
      profile: remnant.profile,
      stock_length: remnant.length,
      cuts,
      used_length: used,
      offcut,
      remnant_lot: remnant.lot_number,
    });
  }

  const left: CutRequest[] = [...todo].flatMap(([profile, byLength]) =>
    [...byLength].flatMap(([length, labels]) => {
      const counted = new Map<string, number>();
      for (const label of labels) counted.set(label, (counted.get(label) ?? 0) + 1);
      return [...counted].map(([label, quantity]) => ({ profile, length, label, quantity }));
    }),
  );
  const result = left.length > 0 ? optimiseCutting({ ...input, cuts: left }) : emptyResult(input);
  return { ...result, bars: [...remnantBars, ...result.bars] };
}

function emptyResult(input: CuttingInput): CuttingResult {
  return {
    bars_used: 0,
    lower_bound: 0,
    ffd_bars: 0,
    optimal: true,
    stock_length_total: 0,
    cut_length_total: 0,
    waste_percent: 0,
    kerf: input.kerf ?? DEFAULT_KERF,
    trim: input.trim ?? 0,
    profiles: [],
    bars: [],
  };
}
