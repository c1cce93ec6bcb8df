/**
 * Prices per second for each calculator, against the demo catalogue.
 * Baseline, measured in the same run: the same calculator when the caller
 * compiles the price book on every call instead of once per book version
 * (what skipping `compilePriceBook` caching would cost).
 * Run: npm run bench:price
 */
import type { Analysis, MeshAnalysis, ProfileAnalysis, Vec3 } from "../engine/mesh/types.ts";
import { compilePriceBook } from "../engine/pricing/compile.ts";
import { customerBook } from "../engine/pricing/customer-book.ts";
import type { CompiledPriceBook } from "../engine/pricing/compile.ts";
import { demoCatalog } from "../engine/pricing/demo-catalog.ts";
import { price } from "../engine/pricing/price.ts";
import type { PriceOptions } from "../engine/pricing/types.ts";

const PARTS = 64;
const TARGET_MS = 1000;

/** A bracket-like part with a little overhang; sizes vary so no two prices are alike. */
function meshPart(i: number): MeshAnalysis {
  const x = 20 + ((i * 7) % 90);
  const y = 15 + ((i * 11) % 60);
  const z = 5 + ((i * 13) % 40);
  const size: Vec3 = [x, y, z];
  const volume = x * y * z * 0.55;
  return {
    kind: "mesh",
    format: "stl",
    source_units: "mm",
    triangle_count: 20_000 + i,
    volume_mm3: volume,
    surface_area_mm2: 2.6 * (x * y + y * z + z * x),
    bbox_mm: { min: [0, 0, 0], max: size, size },
    obb_mm: {
      center: [x / 2, y / 2, z / 2],
      axes: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      size: [...size].sort((a, b) => b - a) as Vec3,
      volume_mm3: x * y * z,
    },
    height_mm: z,
    projected_area_mm2: x * y * 0.8,
    overhang_area_mm2: x * y * 0.1,
    overhang_angle_deg: 45,
    bottom_area_mm2: x * y * 0.7,
    vertex_count: 10_002 + i,
    edge_count: 30_000 + i,
    watertight: true,
    consistent_orientation: true,
    open_edges: 0,
    non_manifold_edges: 0,
    degenerate_faces: 0,
    shells: 1,
    shell_volumes_mm3: [volume],
    inverted_shells: 0,
    // What the analysis gives every uploaded part: volume, outline and islands per 0.1 mm band, the part narrowing upwards.
    volume_bands_mm3: Array.from({ length: z * 10 }, (_, k) => (volume / (z * 10)) * (1.5 - k / (z * 10))),
    perimeter_bands_mm: Array.from({ length: z * 10 }, (_, k) => 2 * (x + y) * Math.sqrt(1.5 - k / (z * 10))),
    section_euler_bands: new Array(z * 10).fill(1),
  };
}

function profilePart(i: number): ProfileAnalysis {
  const w = 40 + ((i * 17) % 400);
  const h = 30 + ((i * 23) % 300);
  return {
    kind: "profile",
    format: "dxf",
    source_units: "mm",
    cut_length_mm: 2 * (w + h) + (i % 9) * 31.4,
    closed_contours: 1 + (i % 9),
    open_paths: 0,
    bbox_mm: { min: [0, 0], max: [w, h], size: [w, h] },
    net_area_mm2: w * h * 0.9,
    min_feature_mm: 4,
    entity_count: 10 + i,
  };
}

interface Case {
  metric: string;
  parts: Analysis[];
  options: PriceOptions[];
}

const quantities = [1, 5, 10, 25, 100];
const leadTimes = ["economy", "standard", "express"];
const opts = (base: Omit<PriceOptions, "quantity">): PriceOptions[] =>
  Array.from({ length: PARTS }, (_, i) => ({ ...base, quantity: quantities[i % 5], lead_time: leadTimes[i % 3] }));

const meshes = Array.from({ length: PARTS }, (_, i) => meshPart(i));
const cases: Case[] = [
  { metric: "price.fff", parts: meshes, options: opts({ process: "fff", material: "petg", finish: "sanded", infill: 0.25 }) },
  { metric: "price.sla", parts: meshes, options: opts({ process: "sla", material: "resin-standard" }) },
  { metric: "price.cnc", parts: meshes, options: opts({ process: "cnc", material: "al-6061", finish: "anodized-clear" }) },
  {
    metric: "price.laser",
    parts: Array.from({ length: PARTS }, (_, i) => profilePart(i)),
    options: opts({ process: "laser", material: "s235", thickness_mm: 3, finish: "deburred" }),
  },
];

let sink = 0;

/** Prices per second over at least TARGET_MS, after a warm-up. */
function measure(c: Case, bookFor: () => CompiledPriceBook): number {
  const run = (n: number) => {
    for (let i = 0; i < n; i++) sink += price(c.parts[i % PARTS], bookFor(), c.options[i % PARTS]).total;
  };
  run(20_000);
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < TARGET_MS) {
    run(10_000);
    n += 10_000;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}

const customer = customerBook(demoCatalog);
const compiled = compilePriceBook(customer);
const rows = cases.map((c) => ({
  metric: c.metric,
  compiled: measure(c, () => compiled),
  baseline: measure(c, () => compilePriceBook(customer)),
}));

const fmt = (v: number) => Math.round(v).toLocaleString("en-US");
console.log(`Node ${process.version}; demo catalogue; ${PARTS} parts × mixed quantities, lead times and finishes\n`);
console.log("calculator    prices/s (compiled once)   prices/s (compile per call)   speed-up");
for (const r of rows) {
  console.log(
    `${r.metric.padEnd(13)} ${fmt(r.compiled).padStart(24)}   ${fmt(r.baseline).padStart(27)}   ${(r.compiled / r.baseline).toFixed(1).padStart(7)}×`,
  );
}
console.log("");
for (const r of rows) {
  console.log(`BENCH ${r.metric} ${Math.round(r.compiled)} prices/s`);
  console.log(`BENCH ${r.metric}.compile_per_call ${Math.round(r.baseline)} prices/s`);
}
if (!Number.isFinite(sink)) throw new Error("unreachable: keeps the results alive");
