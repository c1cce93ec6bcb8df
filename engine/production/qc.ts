import { EngineError } from "../errors.ts";

/**
 * A QC checkpoint's result (issue 13, the seed's `manufacturing.qc_checkpoint`):
 * each check passes or fails, and a measurement outside its tolerance fails
 * whatever was ticked. The checkpoint passes when every check does; when the
 * failures all name their corrective action it is a conditional pass (work goes
 * on once the actions are closed); otherwise it fails.
 */
export interface CheckInput {
  check_id?: string;
  description: string;
  status: "pass" | "fail";
  /** A number with its unit: "1.5 mm", "42μm". */
  measurement?: string;
  /** "2 mm" or "max 2 mm" (an upper limit), "min 40 μm", "2-3 mm" (a range), "±1 mm" (a deviation either way). */
  tolerance?: string;
  notes?: string;
  corrective_action?: string;
}

export interface CheckResult extends CheckInput {
  status: "pass" | "fail";
  /** True when the measurement overruled a ticked pass. */
  out_of_tolerance: boolean;
}

export type OverallStatus = "pass" | "conditional_pass" | "fail";

const QUANTITY = /^\s*([-+]?\d+(?:[.,]\d+)?)\s*([^\d\s.,+-][^\d\s]*)\s*$/u;

export interface Quantity {
  value: number;
  unit: string;
}

/** A measurement as typed: a number with its unit ("1.5 mm", "42μm", "0,3 mm"); null when it is not one. */
export function quantity(text: string): Quantity | null {
  const m = QUANTITY.exec(text);
  return m ? { value: Number(m[1].replace(",", ".")), unit: normaliseUnit(m[2]) } : null;
}

// "µ" (micro sign) and "μ" (Greek mu) are both typed for micrometres.
const normaliseUnit = (u: string) => u.replace(/µ/g, "μ").toLowerCase();

export type Limit = { min?: number; max?: number; unit: string };

/** A tolerance as written in a checklist or a payload (see CheckInput.tolerance); null when it is not one. */
export function limit(text: string): Limit | null {
  const t = text.trim();
  const range = /^([-+]?\d+(?:[.,]\d+)?)\s*(?:-|–|to)\s*(\d+(?:[.,]\d+)?)\s*(\S+)$/u.exec(t);
  if (range) return { min: Number(range[1].replace(",", ".")), max: Number(range[2].replace(",", ".")), unit: normaliseUnit(range[3]) };
  const plusMinus = /^±\s*(.+)$/u.exec(t);
  if (plusMinus) {
    const q = quantity(plusMinus[1]);
    return q && { min: -q.value, max: q.value, unit: q.unit };
  }
  const lower = /^(?:min\.?|≥|>=|at least)\s*(.+)$/iu.exec(t);
  if (lower) {
    const q = quantity(lower[1]);
    return q && { min: q.value, unit: q.unit };
  }
  const q = quantity(t.replace(/^(?:max\.?|≤|<=|<|at most)\s*/iu, ""));
  return q && { max: q.value, unit: q.unit };
}

/** Whether a measurement falls outside a limit of the same unit. */
export const outsideOf = (measured: Quantity, allowed: Limit) =>
  (allowed.min !== undefined && measured.value < allowed.min) || (allowed.max !== undefined && measured.value > allowed.max);

export function evaluateCheckpoint(checks: readonly CheckInput[]): { overall_status: OverallStatus; checks: CheckResult[] } {
  const problems: { field: string; message: string; value?: unknown }[] = [];
  const results = checks.map((check, i): CheckResult => {
    const field = `checks.${i}`;
    if (check.measurement === undefined) {
      if (check.tolerance !== undefined) problems.push({ field: `${field}.measurement`, message: "is needed with a tolerance" });
      return { ...check, out_of_tolerance: false };
    }
    const measured = quantity(check.measurement);
    if (!measured) {
      problems.push({ field: `${field}.measurement`, message: "must be a number with its unit, like 1.5 mm", value: check.measurement });
      return { ...check, out_of_tolerance: false };
    }
    if (check.tolerance === undefined) return { ...check, out_of_tolerance: false };
    const allowed = limit(check.tolerance);
    if (!allowed) {
      problems.push({ field: `${field}.tolerance`, message: "must be a limit with its unit, like 2 mm, min 40 μm, 2-3 mm or ±1 mm", value: check.tolerance });
      return { ...check, out_of_tolerance: false };
    }
    if (allowed.unit !== measured.unit) {
      problems.push({ field: `${field}.measurement`, message: `is in ${measured.unit} but the tolerance is in ${allowed.unit}`, value: check.measurement });
      return { ...check, out_of_tolerance: false };
    }
    const outside = outsideOf(measured, allowed);
    return { ...check, status: outside ? "fail" : check.status, out_of_tolerance: outside && check.status === "pass" };
  });
  if (problems.length > 0) {
    const first = problems[0];
    const check = checks[Number(first.field.split(".")[1])];
    throw new EngineError("VALIDATION_ERROR", `“${check.description}”: the ${first.field.split(".")[2]} ${first.message}`, 422, problems);
  }
  const failed = results.filter((r) => r.status === "fail");
  const overall_status: OverallStatus = failed.length === 0 ? "pass" : failed.every((r) => r.corrective_action?.trim()) ? "conditional_pass" : "fail";
  return { overall_status, checks: results };
}

/** What the shop floor knows of a stage's latest checkpoint: its result and how many of its corrective actions are still open. */
export interface StageRecord {
  overall_status: OverallStatus;
  open_actions: number;
}

/**
 * Whether an operation that ends with QC stage `stage` may be finished: its
 * latest checkpoint passed, or its failures' corrective actions are all closed.
 * Until then the operation, and so the next one, is held.
 */
export function stageCleared(stage: string, latest: StageRecord | undefined): { ok: true } | { ok: false; message: string } {
  if (!latest) return { ok: false, message: `Record the ${stage} QC checkpoint before finishing this operation` };
  if (latest.overall_status !== "pass" && latest.open_actions > 0) {
    return {
      ok: false,
      message: `The ${stage} QC checkpoint has ${latest.open_actions} open corrective action${latest.open_actions === 1 ? "" : "s"}; close ${latest.open_actions === 1 ? "it" : "them"} first`,
    };
  }
  return { ok: true };
}
