/** The shop's customer book as GET /api/v1/catalog returns it (sell prices only), and the choices it offers per part. */
import type { Analysis } from "../../engine/mesh/types.ts";
import type { Finish, Material, ProcessCode, SellBook } from "../../engine/pricing/price-book.ts";
import type { PriceOptions } from "../../engine/pricing/types.ts";

export type Catalog = SellBook & { price_book_version: string };

export const PROCESS_LABELS: Record<ProcessCode, string> = {
  fff: "3D printing (FFF)",
  sla: "Resin printing (SLA)",
  cnc: "CNC machining",
  laser: "Laser cutting",
};

/** Meshes go to the 3D processes, 2D drawings to the laser. */
export function processesFor(catalog: Catalog, kind: Analysis["kind"]): ProcessCode[] {
  const offered = (["fff", "sla", "cnc", "laser"] as const).filter((p) => catalog.processes[p]);
  return offered.filter((p) => (kind === "profile" ? p === "laser" : p !== "laser"));
}

export const materialsFor = (catalog: Catalog, process: ProcessCode): Material[] => catalog.materials.filter((m) => m.processes.includes(process));

/** The finishes offered for a process and material: an incompatible one is never a choice. */
export const finishesFor = (catalog: Catalog, process: ProcessCode, material: string): Finish[] =>
  catalog.finishes.filter((f) => f.processes.includes(process) && f.materials.includes(material));

export const thicknessesFor = (material: Material | undefined): number[] =>
  material?.price.unit === "sheet" ? material.price.thicknesses.map((t) => t.thickness_mm) : [];

/** The first offered choice for every field, keeping what still applies after a process or material change. */
export function normalizeOptions(catalog: Catalog, process: ProcessCode, previous?: Partial<PriceOptions>): PriceOptions {
  const materials = materialsFor(catalog, process);
  const material = materials.find((m) => m.code === previous?.material) ?? materials[0];
  const finishes = material ? finishesFor(catalog, process, material.code) : [];
  const options: PriceOptions = {
    process,
    material: material?.code ?? "",
    quantity: previous?.quantity ?? 1,
    lead_time: previous?.lead_time ?? catalog.default_lead_time,
  };
  const finish = finishes.find((f) => f.code === previous?.finish) ?? finishes[0];
  if (finish) options.finish = finish.code;
  if (process === "fff") options.infill = previous?.infill ?? catalog.processes.fff?.infill.default;
  if (process === "laser") {
    const thicknesses = thicknessesFor(material);
    options.thickness_mm = thicknesses.includes(previous?.thickness_mm ?? NaN) ? previous!.thickness_mm : thicknesses[0];
  }
  return options;
}
