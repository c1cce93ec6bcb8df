import { EngineError } from "../errors.ts";
import type { CompiledPriceBook } from "./compile.ts";
import type { Finish, LeadTime, Material, ProcessCode } from "./price-book.ts";
import type { PriceOptions } from "./types.ts";

/** The options every calculator shares, checked against the book. */
export interface ResolvedOptions {
  material: Material;
  finish: Finish | null;
  leadTime: LeadTime;
  quantity: number;
  colour: string | null;
}

export const invalidOption = (code: string, field: string, message: string, value: unknown): EngineError =>
  new EngineError(code, message, 422, [{ field, message, value }]);

export function resolveOptions(book: CompiledPriceBook, process: ProcessCode, o: PriceOptions): ResolvedOptions {
  const q = o.quantity;
  if (typeof q !== "number" || !Number.isInteger(q) || q < 1) {
    throw invalidOption("INVALID_QUANTITY", "quantity", "Quantity must be a whole number of at least 1.", q);
  }
  if (q > book.book.max_quantity) {
    throw invalidOption("INVALID_QUANTITY", "quantity", `Quantity may be at most ${book.book.max_quantity}.`, q);
  }

  const material = book.materials.get(o.material);
  if (!material) throw invalidOption("UNKNOWN_MATERIAL", "material", `No material "${o.material}".`, o.material);
  if (!material.processes.includes(process)) {
    throw invalidOption("MATERIAL_NOT_ALLOWED", "material", `${material.name} is not offered for ${process}.`, o.material);
  }

  let finish: Finish | null = null;
  if (o.finish !== undefined) {
    const f = book.finishes.get(o.finish);
    if (!f) throw invalidOption("UNKNOWN_FINISH", "finish", `No finish "${o.finish}".`, o.finish);
    if (!f.processes.includes(process)) {
      throw invalidOption("FINISH_NOT_ALLOWED", "finish", `${f.name} is not offered for ${process}.`, o.finish);
    }
    if (!f.materials.includes(material.code)) {
      throw invalidOption("FINISH_NOT_ALLOWED", "finish", `${f.name} is not offered for ${material.name}.`, o.finish);
    }
    finish = f;
  }

  let leadTime = book.defaultLeadTime;
  if (o.lead_time !== undefined) {
    const l = book.leadTimes.get(o.lead_time);
    if (!l) throw invalidOption("UNKNOWN_LEAD_TIME", "lead_time", `No lead time "${o.lead_time}".`, o.lead_time);
    leadTime = l;
  }

  let colour: string | null = material.colours.length > 0 ? material.colours[0] : null;
  if (o.colour !== undefined) {
    if (!material.colours.includes(o.colour)) {
      throw invalidOption("UNKNOWN_COLOUR", "colour", `${material.name} does not come in "${o.colour}".`, o.colour);
    }
    colour = o.colour;
  }
  return { material, finish, leadTime, quantity: q, colour };
}

/**
 * The machines to consider: the one asked for, or every machine that runs the
 * material. Throws when the asked-for machine is unknown or cannot run it.
 */
export function candidateMachines<C>(
  book: CompiledPriceBook,
  process: ProcessCode,
  all: C[] | undefined,
  machineOf: (c: C) => { code: string },
  o: PriceOptions,
): C[] {
  if (!all || all.length === 0) {
    throw invalidOption("MATERIAL_NOT_ALLOWED", "material", `No ${process} machine runs "${o.material}".`, o.material);
  }
  if (o.machine === undefined) return all;
  const known = book.machines.get(o.machine);
  if (!known) throw invalidOption("UNKNOWN_MACHINE", "machine", `No machine "${o.machine}".`, o.machine);
  if (known.process !== process) {
    throw invalidOption("MACHINE_NOT_ALLOWED", "machine", `Machine "${o.machine}" is not a ${process} machine.`, o.machine);
  }
  const chosen = all.filter((c) => machineOf(c).code === o.machine);
  if (chosen.length === 0) {
    throw invalidOption("MATERIAL_NOT_ALLOWED", "machine", `Machine "${o.machine}" does not run "${o.material}".`, o.machine);
  }
  return chosen;
}

export const unknownProcess = (process: string): EngineError => invalidOption("UNKNOWN_PROCESS", "process", `This shop does not offer "${process}".`, process);
