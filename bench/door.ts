/**
 * npm run bench:door — the SPW600e engineering path and the cutting optimiser.
 * Prints a table and `BENCH <metric> <value> <unit>` lines; FFD (the seed
 * system's algorithm) is the baseline, measured on the same instances.
 */
import { firstFitDecreasing, optimiseCutting, type CutRequest, type CuttingInput } from "../engine/cutting/index.ts";
import { falkenauerTriplets, uniformPieces } from "../engine/cutting/instances.ts";
import { seededRandom } from "../engine/cutting/random.ts";
import { doorCuts, cuttingRequests } from "../engine/products/door/cuts.ts";
import { doorEngineering, doorFamily, type DoorConfig } from "../engine/products/door/index.ts";
import { SEED_EXAMPLE_DOOR } from "../engine/products/door/example.ts";
import { doorLayout } from "../engine/products/door/layout.ts";
import { EXAMPLE_DOOR_PRICES } from "../engine/products/door/pricing.ts";
import { geometryToGlb } from "../engine/products/glb.ts";
import { validateConfiguration } from "../engine/products/configuration.ts";

const door = SEED_EXAMPLE_DOOR;

/** Median of `runs` timings of fn, ms, after a warm-up. */
async function time(fn: () => unknown, runs: number): Promise<number> {
  for (let i = 0; i < Math.min(20, runs); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** 50 valid doors of mixed type and size, the way an order for a housing block arrives. */
function mixedOrder(count: number, seed: number): DoorConfig[] {
  const rnd = seededRandom(seed);
  const doors: DoorConfig[] = [];
  while (doors.length < count) {
    const type = rnd() < 0.3 ? "double" : "single";
    const config: DoorConfig = {
      ...door,
      door_type: type,
      frame_width: type === "double" ? 1200 + Math.round(rnd() * 16) * 50 : 800 + Math.round(rnd() * 5) * 50,
      frame_height: 2000 + Math.round(rnd() * 8) * 50,
      glazing_type: rnd() < 0.5 ? "double" : "triple",
      threshold: rnd() < 0.3 ? "low" : "standard",
      hardware: { ...door.hardware, closer: "none" },
    };
    if (validateConfiguration(doorFamily, config).valid) doors.push(config);
  }
  return doors;
}

const orderCuts = (doors: DoorConfig[]): CutRequest[] => doors.flatMap((d, i) => cuttingRequests(doorCuts(doorLayout(d)), 1, `D${i + 1} `));

const rows: string[][] = [];
const bench: string[] = [];
const report = (metric: string, value: number, unit: string, digits = 3) => bench.push(`BENCH ${metric} ${value.toFixed(digits)} ${unit}`);

const engineeringMs = await time(() => doorEngineering(door, { u_value_limit: 1.4, prices: EXAMPLE_DOOR_PRICES }), 2000);
rows.push(["door engineering (U + BOM + price + cutting + QC)", `${engineeringMs.toFixed(3)} ms`, "≤ 1 ms"]);
report("door.engineering_ms", engineeringMs, "ms");

const order = mixedOrder(50, 2026);
const orderInput: CuttingInput = { cuts: orderCuts(order) };
const cuttingMs = await time(() => optimiseCutting(orderInput), 20);
rows.push(["cutting list, 50 mixed doors", `${cuttingMs.toFixed(1)} ms`, "≤ 200 ms"]);
report("door.cutting_50_doors_ms", cuttingMs, "ms", 1);

const glbMs = await time(() => geometryToGlb(doorFamily.geometry(door)), 200);
rows.push(["GLB per door (geometry + write)", `${glbMs.toFixed(3)} ms`, ""]);
report("door.glb_ms", glbMs, "ms");

// Cutting quality: bars against the lower bound and against FFD.
const QUALITY_BUDGET = 20_000_000;
const instances: [string, CuttingInput][] = [["order_50_doors", orderInput]];
for (const [name, n, seed] of [
  ["t60", 20, 1],
  ["t120", 40, 2],
  ["t249", 83, 3],
  ["t501", 167, 4],
] as const) {
  const t = falkenauerTriplets(n, seed, 5);
  instances.push([name, { stock_lengths: [t.stock_length], kerf: 5, cuts: t.cuts, search_budget: QUALITY_BUDGET }]);
}
for (const [name, n, seed] of [
  ["u120", 120, 1],
  ["u250", 250, 2],
  ["u500", 500, 3],
] as const) {
  // Falkenauer's uniform class: pieces 20–100 on bars of 150, no kerf.
  instances.push([name, { stock_lengths: [150], kerf: 0, cuts: uniformPieces(n, 20, 100, seed), search_budget: QUALITY_BUDGET }]);
}
const quality: string[][] = [];
for (const [name, input] of instances) {
  const t0 = performance.now();
  const r = optimiseCutting(input);
  const ms = performance.now() - t0;
  const ffd = firstFitDecreasing(input);
  const methods = [...new Set(r.profiles.map((p) => p.lower_bound_method))].join(", ");
  quality.push([
    name,
    String(input.cuts.reduce((s, c) => s + c.quantity, 0)),
    String(r.bars_used),
    String(r.lower_bound),
    methods,
    String(ffd.bars_used),
    r.optimal ? "yes" : "no",
    `${r.waste_percent}%`,
    `${ms.toFixed(0)} ms`,
  ]);
  bench.push(
    `BENCH cutting.${name}.bars ${r.bars_used} bars`,
    `BENCH cutting.${name}.lower_bound ${r.lower_bound} bars`,
    `BENCH cutting.${name}.ffd ${ffd.bars_used} bars`,
  );
}

// Perfect packing at the default budget (issue 10): 120 triplet pieces, kerf 0, how many seeds reach the bound of
// 40 — seeds 1–30, and the last five of 1–3000 that stayed at 41 before decision 68.
const perfectRow = (label: string, metric: string, seeds: number[]) => {
  const t0 = performance.now();
  const perfect = seeds.filter((seed) => {
    const t = falkenauerTriplets(40, seed, 0);
    return optimiseCutting({ stock_lengths: [t.stock_length], kerf: 0, cuts: t.cuts }).optimal;
  }).length;
  const perfectMs = (performance.now() - t0) / seeds.length;
  const of = `${perfect}/${seeds.length}`;
  quality.push([label, "120", `${of} at 40`, "40", "continuous", "—", of, "—", `${perfectMs.toFixed(0)} ms avg`]);
  bench.push(`BENCH cutting.${metric} ${perfect} of ${seeds.length}`);
};
perfectRow(
  "t120 × 30 seeds, default budget",
  "t120_default_budget.optimal_seeds",
  Array.from({ length: 30 }, (_, i) => i + 1),
);
perfectRow("t120 × 5 hard seeds, default budget", "t120_default_budget.hard_seeds", [679, 1853, 1870, 2257, 2642]);

const table = (head: string[], body: string[][]) => {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log([line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n"));
};
table(["measure", "median", "target"], rows);
console.log();
table(["instance", "pieces", "bars", "lower bound", "bound method", "FFD", "proven optimal", "waste", "time"], quality);
console.log();
console.log(bench.join("\n"));
