import type { CncFeatures, MeshAnalysis, MeshHole } from "../mesh/types.ts";
import { enclosedVoids } from "./mesh.ts";
import type { DfmFinding } from "./types.ts";

/**
 * Limits for milling and drilling, from common CNC design guides (sources in
 * docs/decisions/0029-cnc-feature-checks.md).
 */
export const CNC_LIMITS = {
  /** Deeper than this many diameters a drill deflects and is pecked out slowly: it costs more. */
  holeRecommendedDepth: 4,
  /** Standard (jobber) drills reach about this many diameters from the side they enter. */
  holeMaxDepth: 12,
  /** Holes narrower than this need micro drills. */
  minHoleDiameterMm: 1,
  /** The smallest common end mill's radius. */
  minToolRadiusMm: 0.5,
  /** An end mill cuts walls up to about this many of its diameters tall. */
  toolReachDiameters: 3,
  /** Unreachable surface below this share of the part's surface is taken as the reach grid's rounding. */
  unreachableShare: 0.001,
} as const;

/**
 * What the mesh analysis can tell about milling a part: a sealed cavity (a shell
 * inside the part, wound inwards) has no opening a tool could enter by; surface
 * no cutter reaches along ±X, ±Y or ±Z (a cavity behind a narrower hole, an
 * undercut) cannot be milled with standard tools; holes along
 * X, Y or Z are checked for depth and size; vertical internal corners for the radius
 * an end mill leaves. What the analysis cannot see is said in the part's notes.
 */
export function cncFindings(a: MeshAnalysis, out: DfmFinding[]): void {
  const voids = enclosedVoids(a);
  if (voids > 0) {
    out.push({
      severity: "error",
      code: "ENCLOSED_VOID",
      message: `The part has ${voids === 1 ? "a sealed internal cavity" : `${voids} sealed internal cavities`}; no cutting tool can reach inside it.`,
      fix: "Fill the cavity, or split the part along it into pieces that can each be milled and then joined.",
    });
  }
  const features = a.cnc_features;
  if (!features) {
    out.push({
      severity: "info",
      code: "CNC_NOT_CHECKED",
      message:
        "Holes, internal corners, undercuts and cavities reached only through holes were not checked automatically for this model: the shop reviews them before the part is made.",
    });
    return;
  }
  // A sealed cavity is unreachable surface too: it is reported once, as the cavity.
  if (voids === 0) reachFindings(a, features, out);
  holeFindings(features.holes, out);
  cornerFindings(features, out);
  const reach = features.unreachable
    ? `Checked: every face is reachable by a cutter along ±X, ±Y or ±Z (openings narrower than about ${mm(3 * features.unreachable.cell_mm)} mm are not seen). `
    : "";
  out.push({
    severity: "info",
    code: "CNC_NOT_CHECKED",
    message: `${reach}Not checked automatically: ${features.unreachable ? "" : "undercuts, cavities reached only through holes, "}holes that do not run along X, Y or Z (or have fewer than 8 facets around), internal corners other than vertical ones, and whether a cutter long enough for each reached face exists. The shop reviews them before the part is made.`,
  });
}

/**
 * Surface no cutter reaches along any axis direction is inside a cavity whose
 * opening is narrower than the cavity, or under an undercut (a closed T-slot,
 * a groove inside a bore): special cutters at best, often not millable. Small
 * areas are the grid's rounding, not a feature.
 */
function reachFindings(a: MeshAnalysis, f: CncFeatures, out: DfmFinding[]): void {
  const u = f.unreachable;
  if (!u || u.area_mm2 <= Math.max(CNC_LIMITS.unreachableShare * a.surface_area_mm2, 25 * u.cell_mm * u.cell_mm)) return;
  out.push({
    severity: "error",
    code: "UNREACHABLE_SURFACE",
    message: `${Math.round(u.area_mm2)} mm² of the part's surface (${Math.max(1, Math.round((100 * u.area_mm2) / a.surface_area_mm2))} %) cannot be reached by a cutter from any side: it lies inside a cavity whose opening is narrower than the cavity, or under an overhanging edge (an undercut). Standard end mills and drills cannot cut it.`,
    fix: "Open the cavity to one side at least as wide as it is, or split the part into pieces that can each be milled; or request a manual quote if the shop can cut it with special tools (T-slot or lollipop cutters) or another process.",
  });
}

/** Depth a hole must be drilled from one side: a through hole can be drilled from both ends. */
const drilledDepth = (h: MeshHole): number => (h.blind ? h.depth_mm : h.depth_mm / 2);

function holeFindings(holes: readonly MeshHole[], out: DfmFinding[]): void {
  const L = CNC_LIMITS;
  const tooDeep = holes.filter((h) => drilledDepth(h) > L.holeMaxDepth * h.diameter_mm);
  if (tooDeep.length > 0) {
    out.push({
      severity: "error",
      code: "HOLE_TOO_DEEP",
      message: `${holeCount(tooDeep)} too deep to drill with standard tools: ${listHoles(tooDeep)}. Standard drills reach about ${L.holeMaxDepth}× their diameter, or ${2 * L.holeMaxDepth}× for a hole through the part (drilled from both ends).`,
      fix: `Make the hole wider or shorter (a blind hole at most ${L.holeMaxDepth}× its diameter deep), or request a manual quote for deep-hole drilling.`,
    });
  }
  const deep = holes.filter((h) => h.depth_mm > L.holeRecommendedDepth * h.diameter_mm && !tooDeep.includes(h));
  if (deep.length > 0) {
    const bothEnds = deep.some((h) => !h.blind && h.depth_mm > L.holeMaxDepth * h.diameter_mm);
    out.push({
      severity: "warning",
      code: "HOLE_DEEP",
      message: `${holeCount(deep)} deeper than ${L.holeRecommendedDepth}× the diameter: ${listHoles(deep)}. The drill is fed in small steps to stay straight${bothEnds ? " and the hole is drilled from both ends" : ""}, which costs more.`,
      fix: `Where the design allows, keep holes within ${L.holeRecommendedDepth}× their diameter.`,
    });
  }
  const small = holes.filter((h) => h.diameter_mm < L.minHoleDiameterMm);
  if (small.length > 0) {
    out.push({
      severity: "warning",
      code: "HOLE_SMALL",
      message: `${holeCount(small)} narrower than ${L.minHoleDiameterMm} mm: ${listHoles(small)}. Micro drills are slow and break easily, which costs more.`,
      fix: `Where the design allows, make holes at least ${L.minHoleDiameterMm} mm across.`,
    });
  }
}

function cornerFindings(f: CncFeatures, out: DfmFinding[]): void {
  const L = CNC_LIMITS;
  /** The radius of the end mill that reaches `depth`: long enough, at its usual length for its diameter. */
  const toolRadius = (depth: number) => Math.max(L.minToolRadiusMm, depth / (2 * L.toolReachDiameters));
  const c = f.sharp_corners;
  if (c.count > 0) {
    const r = mm(toolRadius(c.depth_mm));
    out.push({
      severity: "warning",
      code: "SHARP_INTERNAL_CORNER",
      message: `${c.count === 1 ? "An internal vertical corner is" : `${c.count} internal vertical corners are`} sharp: they will be milled with the tool's radius (about ${r} mm where the walls are ${mm(c.depth_mm)} mm tall), not square.`,
      fix: `Round internal vertical corners to at least ${r} mm in the model (a little more lets the cutter turn smoothly), or accept the radius the cutter leaves.`,
    });
  }
  const tight = f.fillets.filter((x) => x.radius_mm < toolRadius(x.depth_mm));
  if (tight.length > 0) {
    const n = tight.reduce((s, x) => s + x.count, 0);
    const worst = tight.reduce((w, x) => (x.radius_mm / toolRadius(x.depth_mm) < w.radius_mm / toolRadius(w.depth_mm) ? x : w));
    out.push({
      severity: "warning",
      code: "SMALL_INTERNAL_RADIUS",
      message: `${n === 1 ? "An internal vertical radius is" : `${n} internal vertical radii are`} smaller than a cutter that reaches them (${mm(worst.radius_mm)} mm on walls ${mm(worst.depth_mm)} mm tall, where a cutter's radius is about ${mm(toolRadius(worst.depth_mm))} mm): a smaller, longer tool cuts slower, which costs more.`,
      fix: `Where the design allows, make internal vertical radii at least ${L.minToolRadiusMm} mm and at least a sixth of the wall's height.`,
    });
  }
}

const holeCount = (holes: readonly MeshHole[]): string => {
  const n = holes.reduce((s, h) => s + h.count, 0);
  return n === 1 ? "A hole is" : `${n} holes are`;
};

/** The first few kinds, as "2 × Ø3 mm, through 40 mm (13× the diameter)". */
function listHoles(holes: readonly MeshHole[]): string {
  const shown = holes.slice(0, 3).map((h) => {
    const ratio = `${Math.round(h.depth_mm / h.diameter_mm)}× the diameter`;
    const kind = `Ø${mm(h.diameter_mm)} mm, ${h.blind ? `${mm(h.depth_mm)} mm deep` : `through ${mm(h.depth_mm)} mm`} (${ratio})`;
    return h.count > 1 ? `${h.count} × ${kind}` : kind;
  });
  return holes.length > 3 ? `${shown.join("; ")}; and ${holes.length - 3} more kinds` : shown.join("; ");
}

const mm = (x: number): string => String(Math.round(x * 10) / 10);
