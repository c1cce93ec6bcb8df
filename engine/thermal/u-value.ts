import { EngineError, type EngineErrorDetail } from "../errors.ts";

/**
 * Thermal transmittance of a window or door by EN ISO 10077-1:
 *
 *   U = (ΣA_g·U_g + ΣA_f·U_f + Σl_g·ψ_g) / (ΣA_g + ΣA_f)
 *
 * A_f and A_g are projected areas (m²), l_g the visible glass perimeter (m).
 * Each term is reported as a contribution in W/K so the breakdown adds up to
 * the heat loss coefficient U·A.
 */
export interface FrameSection {
  label: string;
  area_m2: number;
  /** U_f, W/(m²·K). */
  u_value: number;
}

export interface GlazingPane {
  label: string;
  area_m2: number;
  /** U_g, W/(m²·K). */
  u_value: number;
  /** Visible perimeter l_g, m. */
  edge_length_m: number;
  /** ψ_g, W/(m·K). */
  psi: number;
}

export interface UValueInput {
  frames: FrameSection[];
  glazing: GlazingPane[];
  /** Maximum allowed U (W/(m²·K)), e.g. the tenant's building-regulation limit. */
  limit?: number;
}

export interface AreaContribution {
  label: string;
  area_m2: number;
  u_value: number;
  contribution_w_per_k: number;
}

export interface EdgeContribution {
  label: string;
  length_m: number;
  psi: number;
  contribution_w_per_k: number;
}

export interface LimitCheck {
  max_u_value: number;
  /** Compared with the unrounded U, so rounding never turns a fail into a pass. */
  passes: boolean;
  margin: number;
}

export interface UValueResult {
  /** Declared value: two significant figures, as EN ISO 10077-1 reports it. */
  overall_u_value: number;
  overall_u_value_exact: number;
  frame_area_m2: number;
  glazing_area_m2: number;
  total_area_m2: number;
  edge_length_m: number;
  heat_loss_w_per_k: number;
  breakdown: {
    frames: AreaContribution[];
    glazing: AreaContribution[];
    edges: EdgeContribution[];
  };
  limit: LimitCheck | null;
}

export function computeUValue(input: UValueInput): UValueResult {
  const issues: EngineErrorDetail[] = [];
  const nonNegative = (field: string, value: number) => {
    if (!Number.isFinite(value) || value < 0) issues.push({ field, message: "must be a finite number ≥ 0", value });
  };
  input.frames.forEach((f, i) => {
    nonNegative(`/frames/${i}/area_m2`, f.area_m2);
    nonNegative(`/frames/${i}/u_value`, f.u_value);
  });
  input.glazing.forEach((g, i) => {
    nonNegative(`/glazing/${i}/area_m2`, g.area_m2);
    nonNegative(`/glazing/${i}/u_value`, g.u_value);
    nonNegative(`/glazing/${i}/edge_length_m`, g.edge_length_m);
    nonNegative(`/glazing/${i}/psi`, g.psi);
  });
  if (input.limit !== undefined && !(Number.isFinite(input.limit) && input.limit > 0)) {
    issues.push({ field: "/limit", message: "must be a positive number", value: input.limit });
  }
  if (issues.length > 0) throw new EngineError("INVALID_THERMAL_INPUT", "Invalid U-value input", 422, issues);

  const frames = input.frames.map((f) => ({ ...f, contribution_w_per_k: f.area_m2 * f.u_value }));
  const glazing = input.glazing.map((g) => ({
    label: g.label,
    area_m2: g.area_m2,
    u_value: g.u_value,
    contribution_w_per_k: g.area_m2 * g.u_value,
  }));
  const edges = input.glazing.map((g) => ({
    label: g.label,
    length_m: g.edge_length_m,
    psi: g.psi,
    contribution_w_per_k: g.edge_length_m * g.psi,
  }));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const frame_area_m2 = sum(frames.map((f) => f.area_m2));
  const glazing_area_m2 = sum(glazing.map((g) => g.area_m2));
  const total_area_m2 = frame_area_m2 + glazing_area_m2;
  if (total_area_m2 <= 0) {
    throw new EngineError("INVALID_THERMAL_INPUT", "Total area must be greater than zero", 422, [
      { field: "/frames", message: "frame and glazing areas sum to zero" },
    ]);
  }
  const heat_loss_w_per_k = sum([...frames, ...glazing, ...edges].map((c) => c.contribution_w_per_k));
  const exact = heat_loss_w_per_k / total_area_m2;
  return {
    overall_u_value: Number(exact.toPrecision(2)),
    overall_u_value_exact: exact,
    frame_area_m2,
    glazing_area_m2,
    total_area_m2,
    edge_length_m: sum(edges.map((e) => e.length_m)),
    heat_loss_w_per_k,
    breakdown: { frames, glazing, edges },
    limit:
      input.limit === undefined
        ? null
        : // 1e-9 absorbs float noise (5.6 / 4 = 1.4000000000000001), far below any real difference.
          { max_u_value: input.limit, passes: exact <= input.limit + 1e-9, margin: input.limit - exact },
  };
}

/** The explicit calculator form of `POST /api/v1/engineering/u-value` (areas m², lengths m). */
export interface UValueCalculatorInput {
  frame_area: number;
  frame_u_value: number;
  glazing_area: number;
  glazing_u_value: number;
  edge_length: number;
  psi_value: number;
}

export interface UValueCalculatorResult {
  overall_u_value: number;
  overall_u_value_exact: number;
  breakdown: {
    frame_area: number;
    glazing_area: number;
    total_area: number;
    edge_length: number;
    frame_contribution: number;
    glazing_contribution: number;
    edge_contribution: number;
    heat_loss: number;
  };
  limit: LimitCheck | null;
}

export function calculateUValue(input: UValueCalculatorInput, limit?: number): UValueCalculatorResult {
  const names: Record<string, string> = {
    "/frames/0/area_m2": "/frame_area",
    "/frames/0/u_value": "/frame_u_value",
    "/glazing/0/area_m2": "/glazing_area",
    "/glazing/0/u_value": "/glazing_u_value",
    "/glazing/0/edge_length_m": "/edge_length",
    "/glazing/0/psi": "/psi_value",
    "/frames": "/frame_area",
  };
  let r: UValueResult;
  try {
    r = computeUValue({
      frames: [{ label: "frame", area_m2: input.frame_area, u_value: input.frame_u_value }],
      glazing: [
        {
          label: "glazing",
          area_m2: input.glazing_area,
          u_value: input.glazing_u_value,
          edge_length_m: input.edge_length,
          psi: input.psi_value,
        },
      ],
      limit,
    });
  } catch (e) {
    // Report the caller's own field names, not the general form's.
    if (e instanceof EngineError) {
      throw new EngineError(
        e.code,
        e.message,
        e.status,
        e.details.map((d) => ({ ...d, field: names[d.field] ?? d.field })),
      );
    }
    throw e;
  }
  return {
    overall_u_value: r.overall_u_value,
    overall_u_value_exact: r.overall_u_value_exact,
    breakdown: {
      frame_area: r.frame_area_m2,
      glazing_area: r.glazing_area_m2,
      total_area: r.total_area_m2,
      edge_length: r.edge_length_m,
      frame_contribution: r.breakdown.frames[0].contribution_w_per_k,
      glazing_contribution: r.breakdown.glazing[0].contribution_w_per_k,
      edge_contribution: r.breakdown.edges[0].contribution_w_per_k,
      heat_loss: r.heat_loss_w_per_k,
    },
    limit: r.limit,
  };
}
