import { demoCatalog } from "./demo-catalog.ts";
import { type Machine, type PriceBook, type ProcessCode, PROCESSES, priceBookSchema } from "./price-book.ts";

/**
 * A new shop's first price book, from templates for the processes it offers:
 * per process one machine of a common class under a generic name (the owner
 * renames it and sets its rates), the materials that machine takes, and the
 * finishes for those materials. Rates and prices are the demo catalogue's
 * plausible European figures, so the shop can quote at once.
 */
export const PROCESS_TEMPLATES: Record<ProcessCode, { label: string; machine: { code: string; name: string } }> = {
  fff: { label: "FFF 3D printing", machine: { code: "fff-printer", name: "FFF printer (MK4S class)" } },
  sla: { label: "SLA resin printing", machine: { code: "sla-printer", name: "SLA printer (Form 4 class)" } },
  cnc: { label: "CNC machining (3-axis)", machine: { code: "cnc-mill", name: "3-axis CNC mill (VF-2 class)" } },
  laser: { label: "Laser cutting", machine: { code: "laser-cutter", name: "Fibre laser cutter (3 kW)" } },
};

/** The codes of the materials a machine takes; undefined when it takes all of its process's. */
function materialsOf(machine: Machine): string[] | undefined {
  if ("removal_rates" in machine) return machine.removal_rates.map((r) => r.material);
  if ("cut_rates" in machine) return [...new Set(machine.cut_rates.map((r) => r.material))];
  return "materials" in machine ? machine.materials : undefined;
}

export function starterBook(offered: readonly ProcessCode[], currency: string): PriceBook {
  const chosen = PROCESSES.filter((p) => offered.includes(p));
  if (chosen.length === 0) throw new Error("A starter book needs at least one process");
  const processes: PriceBook["processes"] = {};
  const takes = new Map<ProcessCode, string[] | undefined>();
  for (const p of chosen) {
    const template = demoCatalog.processes[p];
    if (!template) continue;
    const machine = { ...template.machines[0], ...PROCESS_TEMPLATES[p].machine } as Machine;
    // Each process keeps its own shape; the cast is the per-key pairing TypeScript cannot follow.
    (processes as Record<ProcessCode, unknown>)[p] = { ...template, machines: [machine] };
    takes.set(p, materialsOf(machine));
  }
  const materials = demoCatalog.materials.flatMap((m) => {
    const kept = m.processes.filter((p) => takes.has(p) && (takes.get(p)?.includes(m.code) ?? true));
    return kept.length ? [{ ...m, processes: kept }] : [];
  });
  const codes = new Set(materials.map((m) => m.code));
  const finishes = demoCatalog.finishes.flatMap((f) => {
    const kept = f.processes.filter((p) => takes.has(p));
    const on = f.materials.filter((c) => codes.has(c) && materials.some((m) => m.code === c && m.processes.some((p) => kept.includes(p))));
    return kept.length && on.length ? [{ ...f, processes: kept, materials: on }] : [];
  });
  return priceBookSchema.parse({ ...demoCatalog, version: `starter-${chosen.join("-")}`, currency, processes, materials, finishes });
}
