import type {
  CncMachine,
  CncProcess,
  FffMachine,
  FffProcess,
  Finish,
  LaserMachine,
  LaserProcess,
  LeadTime,
  Machine,
  Material,
  SellBook,
  ProcessCode,
  SlaMachine,
  SlaProcess,
} from "./price-book.ts";

export interface CncCandidate {
  machine: CncMachine;
  mm3_per_min: number;
}
export interface LaserCandidate {
  machine: LaserMachine;
  speed_mm_min: number;
  pierce_s: number;
}

export interface CompiledProcess<P, C> {
  config: P;
  /** Machines able to run each material, in book order. */
  candidates: Map<string, C[]>;
}

/**
 * A price book indexed for the hot path: every lookup a calculator makes is a
 * Map get, and nothing is searched or allocated per price. Build it once per
 * book version and reuse it for every price.
 */
export interface CompiledPriceBook {
  book: SellBook;
  materials: Map<string, Material>;
  finishes: Map<string, Finish>;
  leadTimes: Map<string, LeadTime>;
  defaultLeadTime: LeadTime;
  machines: Map<string, { process: ProcessCode; machine: Machine }>;
  fff: CompiledProcess<FffProcess, FffMachine> | null;
  sla: CompiledProcess<SlaProcess, SlaMachine> | null;
  cnc: CompiledProcess<CncProcess, CncCandidate> | null;
  /** Laser candidates by material, then by thickness. */
  laser: { config: LaserProcess; candidates: Map<string, Map<number, LaserCandidate[]>> } | null;
}

const byCode = <T extends { code: string }>(items: T[]): Map<string, T> => new Map(items.map((i) => [i.code, i]));

/**
 * Expects a sell-side or cost book (`customerBook`, `costBook`, or the JSON of
 * GET /catalog); the shop's private book is refused so that nothing can price
 * at cost by mistake.
 */
export function compilePriceBook(book: SellBook): CompiledPriceBook {
  if (book.prices !== "sell" && book.prices !== "cost") throw new Error("compilePriceBook needs a customer or cost book, not the shop's price book");
  const materials = byCode(book.materials);
  const leadTimes = byCode(book.lead_times);
  const machines = new Map<string, { process: ProcessCode; machine: Machine }>();
  for (const process of ["fff", "sla", "cnc", "laser"] as const) {
    for (const machine of book.processes[process]?.machines ?? []) machines.set(machine.code, { process, machine });
  }
  const materialsOf = (process: ProcessCode) => book.materials.filter((m) => m.processes.includes(process));

  const printer = <M extends FffMachine | SlaMachine>(process: "fff" | "sla", list: M[]): Map<string, M[]> =>
    new Map(materialsOf(process).map((m) => [m.code, list.filter((x) => !x.materials || x.materials.includes(m.code))]));

  const { fff, sla, cnc, laser } = book.processes;
  return {
    book,
    materials,
    finishes: byCode(book.finishes),
    leadTimes,
    defaultLeadTime: leadTimes.get(book.default_lead_time) ?? book.lead_times[0],
    machines,
    fff: fff ? { config: fff, candidates: printer("fff", fff.machines) } : null,
    sla: sla ? { config: sla, candidates: printer("sla", sla.machines) } : null,
    cnc: cnc
      ? {
          config: cnc,
          candidates: new Map(
            materialsOf("cnc").map((m) => [
              m.code,
              cnc.machines.flatMap((machine) =>
                machine.removal_rates.filter((r) => r.material === m.code).map((r) => ({ machine, mm3_per_min: r.mm3_per_min })),
              ),
            ]),
          ),
        }
      : null,
    laser: laser ? { config: laser, candidates: laserCandidates(laser, materialsOf("laser")) } : null,
  };
}

function laserCandidates(laser: LaserProcess, materials: Material[]): Map<string, Map<number, LaserCandidate[]>> {
  const out = new Map<string, Map<number, LaserCandidate[]>>();
  for (const m of materials) out.set(m.code, new Map());
  for (const machine of laser.machines) {
    for (const r of machine.cut_rates) {
      const byThickness = out.get(r.material);
      if (!byThickness) continue;
      const list = byThickness.get(r.thickness_mm) ?? [];
      list.push({ machine, speed_mm_min: r.speed_mm_min, pierce_s: r.pierce_s });
      byThickness.set(r.thickness_mm, list);
    }
  }
  return out;
}
