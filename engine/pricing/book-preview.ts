import type { MeshAnalysis, ProfileAnalysis, Vec3 } from "../mesh/types.ts";
import { compilePriceBook } from "./compile.ts";
import { customerBook } from "./customer-book.ts";
import type { PriceBook, ProcessCode } from "./price-book.ts";
import { price } from "./price.ts";

/**
 * What a draft price book would charge before it is published: a few fixed
 * sample parts priced with the draft's and the published customer books side
 * by side (the customer's net prices, margin included), one row per material
 * and part. Pure, so the admin page prices it in the browser as the owner types.
 */
export interface SamplePart {
  code: string;
  name: string;
  analysis: MeshAnalysis | ProfileAnalysis;
}

/** A clean, closed box of x × y × z mm standing on its base, `fill` of its volume solid (a shell or pocketed part below 1). */
export function blockAnalysis(x: number, y: number, z: number, fill = 1): MeshAnalysis {
  const size: Vec3 = [x, y, z];
  const volume = x * y * z * fill;
  return {
    kind: "mesh",
    format: "stl",
    source_units: "mm",
    triangle_count: 12,
    volume_mm3: volume,
    surface_area_mm2: 2 * (x * y + y * z + z * x),
    bbox_mm: { min: [0, 0, 0], max: [x, y, z], size },
    obb_mm: {
      center: [x / 2, y / 2, z / 2],
      axes: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      size: [...size].sort((p, q) => q - p) as Vec3,
      volume_mm3: x * y * z,
    },
    height_mm: z,
    projected_area_mm2: x * y,
    overhang_area_mm2: 0,
    overhang_angle_deg: 45,
    bottom_area_mm2: x * y,
    vertex_count: 8,
    edge_count: 18,
    watertight: true,
    consistent_orientation: true,
    open_edges: 0,
    non_manifold_edges: 0,
    degenerate_faces: 0,
    shells: 1,
    shell_volumes_mm3: [volume],
    inverted_shells: 0,
  };
}

export const SAMPLE_PARTS: SamplePart[] = [
  { code: "cube-30", name: "Cube 30 mm", analysis: blockAnalysis(30, 30, 30) },
  { code: "housing-80", name: "Housing 80 × 50 × 30 mm (hollow)", analysis: blockAnalysis(80, 50, 30, 0.35) },
  {
    code: "plate-100",
    name: "Plate 100 × 50 mm with a hole",
    analysis: {
      kind: "profile",
      format: "dxf",
      source_units: "mm",
      cut_length_mm: 600,
      closed_contours: 2,
      open_paths: 0,
      bbox_mm: { min: [0, 0], max: [100, 50], size: [100, 50] },
      net_area_mm2: 4900,
      min_feature_mm: 5,
      entity_count: 2,
    },
  },
];

export interface PreviewRow {
  process: ProcessCode;
  material: { code: string; name: string };
  part: { code: string; name: string };
  /** Laser: the first thickness the material is sold in. */
  thickness_mm: number | null;
  /** Net total for `quantity` parts in minor units; null when that book cannot price it (`why`). */
  draft: number | null;
  published: number | null;
  why: { draft: string | null; published: string | null };
}

type Priced = { total: number; why: null } | { total: null; why: string };

/** Every material of the draft (then those only the published book has) with each sample part its process takes. */
export function previewPrices(draft: PriceBook, published: PriceBook, quantity = 10): PreviewRow[] {
  const books = { draft: compilePriceBook(customerBook(draft)), published: compilePriceBook(customerBook(published)) };
  const seen = new Set<string>();
  const rows: PreviewRow[] = [];
  for (const m of [...draft.materials, ...published.materials]) {
    for (const process of m.processes) {
      const key = `${process}/${m.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const thickness = m.price.unit === "sheet" ? (m.price.thicknesses[0]?.thickness_mm ?? null) : null;
      for (const part of SAMPLE_PARTS.filter((p) => (p.analysis.kind === "profile") === (process === "laser"))) {
        const options = { process, material: m.code, quantity, ...(thickness === null ? {} : { thickness_mm: thickness }) };
        const run = (book: typeof books.draft): Priced => {
          try {
            return { total: price(part.analysis, book, options).total, why: null };
          } catch (e) {
            return { total: null, why: e instanceof Error ? e.message : String(e) };
          }
        };
        const d = run(books.draft);
        const p = run(books.published);
        rows.push({
          process,
          material: { code: m.code, name: m.name },
          part: { code: part.code, name: part.name },
          thickness_mm: thickness,
          draft: d.total,
          published: p.total,
          why: { draft: d.why, published: p.why },
        });
      }
    }
  }
  return rows;
}
