import { DOOR_SYSTEM, PROFILES } from "../../products/door/profiles.ts";
import type { DoorConfig } from "../../products/door/schema.ts";
import { hatch, type HatchMaterial } from "../hatch.ts";
import type { LayerName } from "../layers.ts";
import type { Shape, Vec, ViewDimension, ViewShape } from "../model.ts";

/** Hatch pitch in real mm: 2 mm on paper at 1:5, the sections' usual scale. */
export const HATCH_PITCH = 10;

/**
 * An axis broken out between kept intervals (ascending, real mm), each gap
 * drawn `gap` wide: real → drawn coordinate, and whether a real span is kept.
 */
export function brokenAxis(kept: [number, number][], gap: number) {
  const starts: number[] = [];
  let at = kept[0][0];
  for (const [i, [a, b]] of kept.entries()) {
    starts.push(at);
    at += b - a + (i < kept.length - 1 ? gap : 0);
  }
  // Beyond the ends the axis runs on unbroken (fixings into the wall); inside a gap, a value sits at the gap's start.
  const drawn = (v: number) => {
    if (v < kept[0][0]) return starts[0] + v - kept[0][0];
    const i = kept.findIndex(([, b]) => v <= b + 1e-9);
    const k = i < 0 ? kept.length - 1 : i;
    return starts[k] + Math.max(0, (i < 0 ? v : Math.min(v, kept[k][1])) - kept[k][0]);
  };
  /** The parts of [a, b] that are kept. */
  const parts = (a: number, b: number): [number, number][] =>
    kept.flatMap(([k0, k1]) => (Math.max(a, k0) < Math.min(b, k1) ? [[Math.max(a, k0), Math.min(b, k1)] as [number, number]] : []));
  /** Drawn positions of the gaps, for break lines. */
  const gaps = kept.slice(0, -1).map((_, i) => starts[i] + kept[i][1] - kept[i][0]);
  return { drawn, parts, gaps, length: at - kept[0][0] };
}

/** A dimension between two real stations on a broken axis, carrying its real value. */
export function brokenDimension(
  axis: "x" | "y",
  drawn: (v: number) => number,
  a: number,
  b: number,
  base: number,
  side: ViewDimension["side"],
  row: number,
): ViewDimension {
  const p = (s: number): Vec => (axis === "x" ? [drawn(s), base] : [base, drawn(s)]);
  return { axis, p1: p(a), p2: p(b), side, row, value: Math.abs(b - a) };
}

/** Shapes of a cut, in the coordinates they are drawn in. */
export class CutShapes {
  readonly shapes: ViewShape[] = [];
  add(layer: LayerName, shape: Shape) {
    this.shapes.push({ layer, shape });
  }
  line(layer: LayerName, a: Vec, b: Vec) {
    this.add(layer, { kind: "line", a, b });
  }
  /** A cut rectangle of one material: hatched, outline left to the caller. */
  hatched(material: HatchMaterial, x0: number, y0: number, x1: number, y1: number) {
    for (const s of hatch(material, x0, y0, x1, y1, HATCH_PITCH)) this.add("HATCH", s);
  }
  fill(x0: number, y0: number, x1: number, y1: number) {
    this.add("HATCH", {
      kind: "fill",
      points: [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ],
    });
  }
}

/**
 * Depth stations of the leaf and its glazing, real mm from the outside face
 * of the frame: the leaf profile, the glazing unit centred in it, the gasket
 * each side and, inside, the bead filling the rest of the rebate.
 */
export function leafDepths(config: DoorConfig) {
  const depth = PROFILES["SPW600e-FRAME-75"].depth;
  const { leaf_inset: inset, glazing_gasket: gasket, thermal_break: tb } = DOOR_SYSTEM;
  const g0 = (depth - config.glazing_thickness) / 2;
  const g1 = g0 + config.glazing_thickness;
  return {
    depth,
    leaf: [inset, depth - inset] as const,
    glass: [g0, g1] as const,
    gasket,
    /** Outside upstand of the leaf profile, up to the outer gasket. */
    upstand: [inset, g0 - gasket] as const,
    /** Inside glazing bead, from the inner gasket to the leaf's inside face. */
    bead: [g1 + gasket, depth - inset] as const,
    strut: [(depth - tb) / 2, (depth + tb) / 2] as const,
  };
}

/**
 * A leaf profile cut across its length (a stile in section B–B, a rail in
 * A–A), in the section's own (u across the profile, v through the depth)
 * plane: its body from the leaf edge `edge` to the rebate base, the outside
 * upstand and the inside bead up to the sight line `sight`, the thermal-break
 * struts across the body, the gaskets filled solid and the glass unit's edge
 * with its bite. `map` turns (u, v) into drawn coordinates. Materials hatched.
 */
export function leafProfileCut(
  cut: CutShapes,
  config: DoorConfig,
  edge: number,
  sight: number,
  map: (u: number, v: number) => Vec,
  rebate?: { width: number; keep: readonly [number, number] },
) {
  const d = leafDepths(config);
  const dir = Math.sign(sight - edge);
  const bite = DOOR_SYSTEM.glass_bite;
  // The rebate base stands 2 mm clear of the glass edge (setting clearance).
  const base = sight - dir * (bite + 2);
  const R = (u0: number, v0: number, u1: number, v1: number): Shape => {
    const [a, b, c, e] = [map(u0, v0), map(u1, v0), map(u1, v1), map(u0, v1)];
    return { kind: "polyline", points: [a, b, c, e], closed: true };
  };
  const span = (u0: number, v0: number, u1: number, v1: number) => {
    const [a, b] = [map(u0, v0), map(u1, v1)];
    return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])] as const;
  };
  // Body and upstand in one outline (an L, stepped at the edge where it is rebated), the bead on its own.
  const inner = rebate ? edge + dir * rebate.width : edge;
  const glazed: [number, number][] = [
    [sight, d.leaf[0]],
    [sight, d.upstand[1]],
    [base, d.upstand[1]],
    [base, d.leaf[1]],
  ];
  let outline: [number, number][];
  if (!rebate) outline = [[edge, d.leaf[0]], ...glazed, [edge, d.leaf[1]]];
  else if (rebate.keep[0] === d.leaf[0]) outline = [[edge, d.leaf[0]], ...glazed, [inner, d.leaf[1]], [inner, rebate.keep[1]], [edge, rebate.keep[1]]];
  else outline = [[edge, rebate.keep[0]], [inner, rebate.keep[0]], [inner, d.leaf[0]], ...glazed, [edge, d.leaf[1]]];
  cut.add("OUTLINE", { kind: "polyline", points: outline.map(([u, v]) => map(u, v)), closed: true });
  cut.add("OUTLINE", R(base, d.bead[0], sight, d.bead[1]));
  for (const v of d.strut) cut.line("THIN", map(inner, v), map(base, v));
  cut.hatched("aluminium", ...span(inner, d.leaf[0], base, d.strut[0]));
  cut.hatched("polyamide", ...span(inner, d.strut[0], base, d.strut[1]));
  cut.hatched("aluminium", ...span(inner, d.strut[1], base, d.leaf[1]));
  if (rebate) cut.hatched("aluminium", ...span(edge, rebate.keep[0], inner, rebate.keep[1]));
  cut.hatched("aluminium", ...span(base, d.leaf[0], sight, d.upstand[1]));
  cut.hatched("aluminium", ...span(base, d.bead[0], sight, d.bead[1]));
  // Gaskets: thin sections filled solid, from the sight line back towards the glass edge.
  const gasketEnd = sight - dir * (bite - 4);
  cut.fill(...span(gasketEnd, d.upstand[1], sight, d.glass[0]));
  cut.fill(...span(gasketEnd, d.glass[1], sight, d.bead[0]));
  return { glassEdge: sight - dir * bite, base };
}

/**
 * A frame profile cut (a jamb in B–B, the head in A–A): its body from `u0`
 * to `u1` through the frame depth, hatched by material, with the
 * thermal-break struts; with a `rebate`, the part from `rebate.at` to `u1`
 * is only the stop (its depth range `rebate.stop`) the closed leaf laps onto.
 */
export function frameProfileCut(
  cut: CutShapes,
  u0: number,
  u1: number,
  depth: number,
  map: (u: number, v: number) => Vec,
  rebate?: { at: number; stop: readonly [number, number] },
) {
  const tb = DOOR_SYSTEM.thermal_break;
  const strut = [(depth - tb) / 2, (depth + tb) / 2] as const;
  const span = (a0: number, v0: number, a1: number, v1: number) => {
    const [a, b] = [map(a0, v0), map(a1, v1)];
    return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])] as const;
  };
  const body = rebate?.at ?? u1;
  let outline: [number, number][];
  if (!rebate)
    outline = [
      [u0, 0],
      [u1, 0],
      [u1, depth],
      [u0, depth],
    ];
  else if (rebate.stop[0] === 0)
    outline = [
      [u0, 0],
      [u1, 0],
      [u1, rebate.stop[1]],
      [body, rebate.stop[1]],
      [body, depth],
      [u0, depth],
    ];
  else
    outline = [
      [u0, 0],
      [body, 0],
      [body, rebate.stop[0]],
      [u1, rebate.stop[0]],
      [u1, depth],
      [u0, depth],
    ];
  cut.add("OUTLINE", { kind: "polyline", points: outline.map(([u, v]) => map(u, v)), closed: true });
  for (const v of strut) cut.line("THIN", map(u0, v), map(body, v));
  cut.hatched("aluminium", ...span(u0, 0, body, strut[0]));
  cut.hatched("polyamide", ...span(u0, strut[0], body, strut[1]));
  cut.hatched("aluminium", ...span(u0, strut[1], body, depth));
  if (rebate) cut.hatched("aluminium", ...span(body, rebate.stop[0], u1, rebate.stop[1]));
}
