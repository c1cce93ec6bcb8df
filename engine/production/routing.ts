/**
 * Routings and the states of manufacturing orders and their operations
 * (issue 13). A routing is the ordered list of operations that makes one
 * order line; families and processes declare theirs next to their engineering
 * (engine/products/<family>/routing.ts, ./process-routings.ts).
 */

export interface RoutingOperation {
  /** Stable key, used in API paths (`/operations/cut/start`). */
  code: string;
  name: string;
  work_centre: string;
  /** Planned time for the whole order line, in minutes. */
  planned_minutes: number;
  /** May run while the previous operation is still going (it does not wait for it). */
  parallel_with_previous?: boolean;
  /** The QC checklist stage inspected at the end of this operation, when there is one. */
  qc_stage?: string;
  /** Finishing it takes the order's cutting list out of stock (./bar-consumption.ts). */
  consumes?: "cutting_list";
}

export const MO_STATUSES = ["scheduled", "in_production", "ready", "shipped", "delivered", "on_hold", "cancelled"] as const;
export type MoStatus = (typeof MO_STATUSES)[number];

/**
 * Production words a partner's system uses (the seed's `production_status`)
 * that are stages within our states rather than states of their own.
 */
const PARTNER_STATUS_WORDS: Readonly<Record<string, MoStatus>> = {
  materials_ordered: "scheduled",
  qc_testing: "in_production",
  completed: "ready",
};

/** The MO state a partner's status word means, or undefined when it means none of ours. */
export function moStatusOfWord(word: string): MoStatus | undefined {
  if ((MO_STATUSES as readonly string[]).includes(word)) return word as MoStatus;
  return Object.hasOwn(PARTNER_STATUS_WORDS, word) ? PARTNER_STATUS_WORDS[word] : undefined;
}
export const PARTNER_STATUS_WORD_LIST = [...MO_STATUSES, ...Object.keys(PARTNER_STATUS_WORDS)];

/** The states in which an MO still takes work: operations move, QC checkpoints are recorded, material is consumed. */
export const WORKING_STATUSES = ["scheduled", "in_production"] as const satisfies readonly MoStatus[];
export const takesWork = (status: MoStatus) => (WORKING_STATUSES as readonly MoStatus[]).includes(status);

export const OPERATION_STATUSES = ["pending", "in_progress", "done", "blocked"] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** Where a manufacturing order may go from each state; on hold returns to where work stands. */
const MO_NEXT: Record<MoStatus, readonly MoStatus[]> = {
  scheduled: ["in_production", "on_hold", "cancelled"],
  in_production: ["ready", "on_hold"],
  ready: ["shipped", "on_hold"],
  shipped: ["delivered"],
  delivered: [],
  on_hold: ["scheduled", "in_production", "ready", "cancelled"],
  cancelled: [],
};

export type Refusal = { ok: false; code: "INVALID_TRANSITION" | "OUT_OF_ORDER" | "UNKNOWN_OPERATION"; message: string };
export type Verdict = { ok: true } | Refusal;

export function moTransition(from: MoStatus, to: MoStatus): Verdict {
  if (MO_NEXT[from].includes(to)) return { ok: true };
  const allowed = MO_NEXT[from];
  return {
    ok: false,
    code: "INVALID_TRANSITION",
    message: `A manufacturing order that is ${label(from)} cannot become ${label(to)}${allowed.length ? ` (it can become ${allowed.map(label).join(", ")})` : ""}`,
  };
}

export type OperationAction = "start" | "finish" | "block";

const OPERATION_NEXT: Record<OperationAction, { from: readonly OperationStatus[]; to: OperationStatus }> = {
  start: { from: ["pending", "blocked"], to: "in_progress" },
  finish: { from: ["in_progress"], to: "done" },
  block: { from: ["pending", "in_progress"], to: "blocked" },
};

/**
 * Whether an operation may take an action, given the routing and every
 * operation's status. Starting waits for the previous operation to be done,
 * unless the routing lets the two run in parallel (then it waits for the one
 * before those).
 */
export function operationAction(
  routing: readonly RoutingOperation[],
  statuses: Readonly<Record<string, OperationStatus>>,
  code: string,
  action: OperationAction,
): Verdict & { to?: OperationStatus } {
  const at = routing.findIndex((o) => o.code === code);
  if (at < 0) return { ok: false, code: "UNKNOWN_OPERATION", message: `This routing has no operation ${code}` };
  const status = statuses[code] ?? "pending";
  const rule = OPERATION_NEXT[action];
  if (!rule.from.includes(status)) return { ok: false, code: "INVALID_TRANSITION", message: `Operation ${code} is ${label(status)}; it cannot ${action}` };
  if (action === "start") {
    const waiting = waitsOn(routing, at).find((o) => (statuses[o.code] ?? "pending") !== "done");
    if (waiting) {
      return {
        ok: false,
        code: "OUT_OF_ORDER",
        message: `Operation ${code} waits for ${waiting.code} (${waiting.name}), which is ${label(statuses[waiting.code] ?? "pending")}`,
      };
    }
  }
  return { ok: true, to: rule.to };
}

/**
 * What an operation waits on: the group of operations just before its own
 * group (a group is an operation with the ones running parallel to it).
 */
function waitsOn(routing: readonly RoutingOperation[], at: number): RoutingOperation[] {
  let start = at;
  while (start > 0 && routing[start].parallel_with_previous) start--;
  if (start === 0) return [];
  const group = [routing[start - 1]];
  for (let j = start - 1; j > 0 && routing[j].parallel_with_previous; j--) group.push(routing[j - 1]);
  return group;
}

/** The order line's state that its operations imply: in production once one started, ready when all are done. */
export function moStatusFromOperations(current: MoStatus, routing: readonly RoutingOperation[], statuses: Readonly<Record<string, OperationStatus>>): MoStatus {
  if (!takesWork(current)) return current;
  const all = routing.map((o) => statuses[o.code] ?? "pending");
  if (all.length > 0 && all.every((s) => s === "done")) return "ready";
  return all.some((s) => s !== "pending") ? "in_production" : current;
}

const label = (s: string) => s.replace(/_/g, " ");
