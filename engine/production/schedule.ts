import { z } from "zod";
import { EngineError } from "../errors.ts";
import type { OperationStatus, RoutingOperation } from "./routing.ts";

/**
 * The shop floor's plan (issue 13): each open manufacturing order's remaining
 * operations placed, earliest due first, on the working days of their work
 * centres, each day filled up to the centre's capacity. What comes out is each
 * centre's load per day and each MO's planned finish, late when that falls
 * after its due date. A finite-capacity forward plan: a centre is never
 * loaded beyond its hours, work moves to later days instead, and lateness
 * shows where capacity is short.
 */
export interface WorkCentre {
  code: string;
  name: string;
  hours_per_day: number;
}

export const workCentresSchema = z
  .array(
    z.strictObject({
      code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "must be lower-case letters, digits, - or _"),
      name: z.string().trim().min(1).max(80),
      hours_per_day: z.number().positive("must be more than 0").max(24),
    }),
  )
  .max(100)
  .superRefine((centres, ctx) => {
    const seen = new Set<string>();
    centres.forEach((c, i) => {
      if (seen.has(c.code)) ctx.addIssue({ code: "custom", path: [i, "code"], message: "is used by another work centre" });
      seen.add(c.code);
    });
  });

export function parseWorkCentres(input: unknown): WorkCentre[] {
  const r = workCentresSchema.safeParse(input);
  if (r.success) return r.data;
  throw new EngineError(
    "VALIDATION_ERROR",
    "These work centres are not valid",
    400,
    r.error.issues.map((i) => ({ field: ["work_centres", ...i.path].join("."), message: i.message })),
  );
}

/** One shift a day until the shop says otherwise; printers run round the clock. */
export const DEFAULT_HOURS_PER_DAY = 8;
const ROUND_THE_CLOCK = new Set(["fff-printers", "sla-printers"]);
export const defaultHoursOf = (code: string) => (ROUND_THE_CLOCK.has(code) ? 24 : DEFAULT_HOURS_PER_DAY);

export interface SchedulableMo {
  id: string;
  number: string;
  due_at: number;
  routing: readonly RoutingOperation[];
  operations: Readonly<Record<string, OperationStatus>>;
}

export interface Schedule {
  /** The working days planned, from the first (YYYY-MM-DD, UTC). */
  days: string[];
  centres: { code: string; name: string; hours_per_day: number; configured: boolean; load_hours: number[] }[];
  orders: { id: string; number: string; due_at: number; planned_finish: string; late: boolean }[];
}

const DAY = 24 * 3600 * 1000;
const isWorkingDay = (t: number) => ![0, 6].includes(new Date(t).getUTCDay());
const dateOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The working days from `from`'s date on, as many as asked (extended on demand). */
function workingDays(from: number) {
  const days: number[] = [];
  let at = Math.floor(from / DAY) * DAY;
  return (index: number) => {
    while (days.length <= index) {
      if (isWorkingDay(at)) days.push(at);
      at += DAY;
    }
    return days[index];
  };
}

export function planProduction(mos: readonly SchedulableMo[], centres: readonly WorkCentre[], from: number, horizon: number): Schedule {
  const day = workingDays(from);
  const known = new Map(centres.map((c) => [c.code, c]));
  const used = new Map<string, number[]>();
  const capacityOf = (code: string) => known.get(code)?.hours_per_day ?? defaultHoursOf(code);
  const load = (code: string) => used.get(code) ?? used.set(code, []).get(code)!;

  /** Books `hours` at a centre from day `start`; the day it ends. */
  const book = (code: string, start: number, hours: number) => {
    const booked = load(code);
    const capacity = capacityOf(code);
    let d = start;
    for (let left = hours; ; d++) {
      const free = capacity - (booked[d] ?? 0);
      const take = Math.min(free, left);
      if (take > 0) booked[d] = (booked[d] ?? 0) + take;
      left -= Math.max(take, 0);
      if (left <= 1e-9) return d;
    }
  };

  const ordered = [...mos].sort((a, b) => a.due_at - b.due_at || a.number.localeCompare(b.number));
  const orders = ordered.map((mo) => {
    let groupStart = 0;
    let ready = 0;
    let finish = 0;
    for (const op of mo.routing) {
      // A parallel operation starts with the one before it; the next group waits for the whole group.
      if (!op.parallel_with_previous) groupStart = ready;
      if ((mo.operations[op.code] ?? "pending") === "done") continue;
      const end = op.planned_minutes > 0 ? book(op.work_centre, groupStart, op.planned_minutes / 60) : groupStart;
      ready = Math.max(op.parallel_with_previous ? ready : groupStart, end);
      finish = Math.max(finish, end);
    }
    const finishedAt = day(finish);
    return { id: mo.id, number: mo.number, due_at: mo.due_at, planned_finish: dateOf(finishedAt), late: dateOf(finishedAt) > dateOf(mo.due_at) };
  });

  const codes = [...new Set([...centres.map((c) => c.code), ...used.keys()])];
  return {
    days: Array.from({ length: horizon }, (_, i) => dateOf(day(i))),
    centres: codes.map((code) => ({
      code,
      name: known.get(code)?.name ?? code,
      hours_per_day: capacityOf(code),
      configured: known.has(code),
      load_hours: Array.from({ length: horizon }, (_, i) => Math.round((used.get(code)?.[i] ?? 0) * 100) / 100),
    })),
    orders,
  };
}
