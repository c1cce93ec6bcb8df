import type { RoutingOperation } from "./routing.ts";

/**
 * Routings of uploaded parts by process (issue 13): printing, machining and
 * cutting take the machine time the price was made from; the manual steps are
 * a setup plus a time per part, planning figures a shop will tune.
 */
export type PartProcess = "fff" | "sla" | "cnc" | "laser";

export interface PartRoutingInput {
  process: PartProcess;
  quantity: number;
  /** Machine time for the whole line, from the priced breakdown (hours). */
  machine_hours: number;
}

const minutes = (x: number) => Math.max(1, Math.round(x));

export function partRouting({ process, quantity: q, machine_hours }: PartRoutingInput): RoutingOperation[] {
  const machine = minutes(machine_hours * 60);
  const inspect = { code: "inspect", name: "Inspect", work_centre: "inspection", planned_minutes: minutes(5 + 2 * q), qc_stage: "Inspection" };
  const pack = { code: "pack", name: "Pack", work_centre: "dispatch", planned_minutes: minutes(5 + 0.5 * q) };
  switch (process) {
    case "fff":
    case "sla":
      return [
        { code: "print", name: process === "fff" ? "Print (FFF)" : "Print (SLA)", work_centre: `${process}-printers`, planned_minutes: machine },
        {
          code: "post_process",
          name: process === "fff" ? "Remove supports and finish" : "Wash, cure and remove supports",
          work_centre: "post-processing",
          planned_minutes: minutes(10 + 3 * q),
        },
        inspect,
        pack,
      ];
    case "cnc":
      return [
        { code: "program", name: "Program (CAM)", work_centre: "cam", planned_minutes: 30 },
        { code: "machine", name: "Machine", work_centre: "cnc", planned_minutes: machine },
        { code: "deburr", name: "Deburr", work_centre: "bench", planned_minutes: minutes(2 * q) },
        inspect,
        pack,
      ];
    case "laser":
      return [
        { code: "nest", name: "Nest on sheets", work_centre: "cam", planned_minutes: 10 },
        { code: "cut", name: "Laser cut", work_centre: "laser", planned_minutes: machine },
        { code: "deburr", name: "Deburr", work_centre: "bench", planned_minutes: minutes(q) },
        inspect,
        pack,
      ];
  }
}

/**
 * The machine hours a priced line was made from: its machine-time line over
 * the machine's hourly rate (both on the same book), or the run time an SLA
 * build states.
 */
export function machineHoursOf(price: { breakdown?: { code: string; amount: number; basis?: Record<string, unknown> }[] } | null): number {
  const line = price?.breakdown?.find((l) => l.code === "machine_time");
  const basis = line?.basis ?? {};
  if (typeof basis.hourly_rate === "number" && basis.hourly_rate > 0) return line!.amount / basis.hourly_rate;
  return typeof basis.run_time_s === "number" ? basis.run_time_s / 3600 : 0;
}

/**
 * For a made-to-order product whose family declares no routing yet: one
 * workshop step sized by quantity, then inspection and packing, so the order
 * can still be tracked.
 */
export function genericRouting(quantity: number): RoutingOperation[] {
  return [
    { code: "make", name: "Make", work_centre: "workshop", planned_minutes: 60 * quantity },
    { code: "inspect", name: "Inspect", work_centre: "inspection", planned_minutes: minutes(5 + 2 * quantity), qc_stage: "Inspection" },
    { code: "pack", name: "Pack", work_centre: "dispatch", planned_minutes: minutes(5 + 0.5 * quantity) },
  ];
}
