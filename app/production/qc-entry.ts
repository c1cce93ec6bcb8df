import { limit, outsideOf, quantity } from "../../engine/production/qc.ts";

/**
 * The QC entry form's pure side (issue 13): which stage it opens on, the
 * unit a measured check takes, the out-of-tolerance hint (the engine's own
 * parsing, so the hint and the server agree; the server still decides), and
 * the API payload read from the posted form.
 */

/** One check of a stage's checklist, as the MO carries it (engine/products/door/qc.ts). */
export interface ChecklistCheck {
  id: string;
  description: string;
  tolerance?: string;
}

export interface ChecklistStage {
  stage: string;
  checks: ChecklistCheck[];
}

/** The stage the form opens on: the one asked for, else that of the operation under way, else none. */
export function entryStage(
  stages: readonly ChecklistStage[],
  operations: readonly { status: string; qc_stage?: string | null }[],
  asked: string | null,
): ChecklistStage | null {
  const find = (name: string | null | undefined) => (name ? stages.find((s) => s.stage.toLowerCase() === name.toLowerCase()) : undefined);
  return find(asked) ?? find(operations.find((o) => o.status === "in_progress" && o.qc_stage)?.qc_stage) ?? null;
}

/** The unit a tolerance is in ("max 2 mm" → "mm"); null when it is not a limit the engine reads. */
export const unitOf = (tolerance: string | undefined): string | null => (tolerance ? (limit(tolerance)?.unit ?? null) : null);

const BARE_NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;

/** A measurement as sent: a bare number takes the check's unit (a tablet's number pad has none); anything else goes as typed. */
export function withUnit(measurement: string, unit: string | null): string {
  const m = measurement.trim();
  return unit && BARE_NUMBER.test(m) ? `${m} ${unit}` : m;
}

/** Whether a typed measurement is outside the check's tolerance; null while it cannot tell (empty, not a number, another unit). */
export function outsideTolerance(measurement: string, tolerance: string | undefined): boolean | null {
  if (!tolerance || !measurement.trim()) return null;
  const allowed = limit(tolerance);
  const measured = allowed && quantity(withUnit(measurement, allowed.unit));
  return allowed && measured && measured.unit === allowed.unit ? outsideOf(measured, allowed) : null;
}

export interface CheckPayload {
  check_id?: string;
  description: string;
  status: "pass" | "fail";
  measurement?: string;
  tolerance?: string;
  notes?: string;
  corrective_action?: string;
}

/** Form field names, the API's own paths, so its 422 details land on the input they are about. */
export const checkField = (i: number, field: keyof CheckPayload) => `checks.${i}.${field}`;

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
};
const optional = (value: string) => value || undefined;

/**
 * The checkpoint the form posted: its checks as `checks.N.*` fields (the
 * checklist's id, description and tolerance ride along as hidden fields;
 * a check of the inspector's own has them as inputs, and is left out while
 * it is blank). `rows` is the form row of each check sent, to put the API's
 * field errors back on their row. A check with neither pass nor fail ticked is
 * a field error (the API takes no check without its status).
 */
export function checkpointFromForm(form: FormData): {
  input: { checkpoint_stage: string; inspector_name: string; checks: CheckPayload[] };
  rows: number[];
  missing: { field: string; message: string }[];
} {
  const checks: CheckPayload[] = [];
  const rows: number[] = [];
  const missing: { field: string; message: string }[] = [];
  for (let i = 0; form.has(checkField(i, "description")); i++) {
    const field = (name: keyof CheckPayload) => text(form, checkField(i, name));
    const [checkId, description, status, measurement] = [field("check_id"), field("description"), field("status"), field("measurement")];
    const own = !checkId;
    if (own && !description && !status && !measurement && !field("tolerance") && !field("notes")) continue;
    if (status !== "pass" && status !== "fail") missing.push({ field: checkField(i, "status"), message: "Tick pass or fail." });
    const tolerance = optional(field("tolerance"));
    rows.push(i);
    checks.push({
      check_id: optional(checkId),
      description,
      status: status === "fail" ? "fail" : "pass",
      measurement: optional(withUnit(measurement, unitOf(tolerance))),
      // A checklist's tolerance goes with a measurement only (the API refuses one without); one the inspector typed goes as typed.
      tolerance: measurement || own ? tolerance : undefined,
      notes: optional(field("notes")),
      // Sent for a failure, ticked or measured (the form shows the field for those only, with JavaScript on).
      corrective_action: status === "fail" || outsideTolerance(measurement, tolerance) ? optional(field("corrective_action")) : undefined,
    });
  }
  return { input: { checkpoint_stage: text(form, "checkpoint_stage"), inspector_name: text(form, "inspector_name"), checks }, rows, missing };
}

/** An API field error's path, on the form: `checks.N.…` of the Nth check sent is that of its form row. */
export function formField(apiField: string, rows: readonly number[]): string {
  const m = /^checks\.(\d+)(\..+)?$/.exec(apiField);
  const row = m ? rows[Number(m[1])] : undefined;
  return row === undefined ? apiField : `checks.${row}${m![2] ?? ""}`;
}

/** The stages a form can open: the checklist's, then any other the routing inspects (an uploaded part's has no checklist: its checks are the inspector's own). */
export function entryStages(checklist: readonly ChecklistStage[], operations: readonly { qc_stage?: string | null }[]): ChecklistStage[] {
  const stages = [...checklist];
  for (const { qc_stage } of operations) {
    if (qc_stage && !stages.some((s) => s.stage.toLowerCase() === qc_stage.toLowerCase())) stages.push({ stage: qc_stage, checks: [] });
  }
  return stages;
}
