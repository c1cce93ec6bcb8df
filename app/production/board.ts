/**
 * What the production board and the MO page offer for a manufacturing order:
 * its board column, its current operation and the operation buttons the
 * engine's state machine allows (so the page never offers a move the API
 * would refuse for order or state). Pure.
 */
import { operationAction, type OperationAction, type OperationStatus, type RoutingOperation } from "../../engine/production/routing.ts";

/** The board's columns, in the order work flows; cancelled MOs are not on the board. */
export const BOARD_COLUMNS = ["scheduled", "in_production", "ready", "shipped", "delivered", "on_hold"] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

/** An operation as the API lists it: its routing entry (a null QC stage for none) and its status. */
export type BoardOperation = Omit<RoutingOperation, "qc_stage" | "consumes"> & { qc_stage?: string | null; status: OperationStatus };

export interface OperationMove {
  code: string;
  name: string;
  action: OperationAction;
}

const statusesOf = (operations: readonly BoardOperation[]) => Object.fromEntries(operations.map((o) => [o.code, o.status]));

/** Whether one operation may take an action now. */
export function canMove(operations: readonly BoardOperation[], code: string, action: OperationAction): boolean {
  const routing = operations.map(({ qc_stage, ...o }) => ({ ...o, qc_stage: qc_stage ?? undefined }));
  return operationAction(routing, statusesOf(operations), code, action).ok;
}

/** The moves on an MO's card: finish what is under way, start what may start next (a blocked one resumes). */
export function nextMoves(status: string, operations: readonly BoardOperation[]): OperationMove[] {
  if (status !== "scheduled" && status !== "in_production") return [];
  return operations.flatMap((o): OperationMove[] => {
    if (o.status === "in_progress") return [{ code: o.code, name: o.name, action: "finish" }];
    return canMove(operations, o.code, "start") ? [{ code: o.code, name: o.name, action: "start" }] : [];
  });
}

/** The operation the card shows: the first under way, else the first not done; none when all are done. */
export function currentOperation(operations: readonly BoardOperation[]): BoardOperation | null {
  return operations.find((o) => o.status === "in_progress") ?? operations.find((o) => o.status !== "done") ?? null;
}

/** MOs in their board columns (each column keeps the list's order: earliest due first). */
export function byColumn<T extends { status: string }>(mos: readonly T[]): Record<BoardColumn, T[]> {
  const columns = Object.fromEntries(BOARD_COLUMNS.map((c) => [c, [] as T[]])) as Record<BoardColumn, T[]>;
  for (const mo of mos) if ((BOARD_COLUMNS as readonly string[]).includes(mo.status)) columns[mo.status as BoardColumn].push(mo);
  return columns;
}
