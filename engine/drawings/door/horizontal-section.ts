import { doorHardware } from "../../products/door/hardware.ts";
import { cavityWidth } from "../../products/door/glazing.ts";
import { doorLayout } from "../../products/door/layout.ts";
import { DOOR_SYSTEM, GLASS_BUILD_UP, PROFILES } from "../../products/door/profiles.ts";
import type { DoorConfig } from "../../products/door/schema.ts";
import type { DrawingView, Vec, ViewDimension } from "../model.ts";
import { brokenAxis, brokenDimension, CutShapes, frameProfileCut, leafDepths, leafProfileCut } from "./cut.ts";
import { rect } from "../model.ts";

/** Width kept at each jamb and around the meeting stiles, and the gap drawn for each break, real mm. */
export const ZONE = 300;
const BREAK_GAP = 60;
/** How far the frame fixings reach into the wall beyond the frame, real mm. */
const FIXING_REACH = 40;

/** The real spans the section keeps: each jamb's zone and, in a double door, the meeting stiles'; touching zones merge. */
export function keptSpans(config: DoorConfig): [number, number][] {
  const layout = doorLayout(config);
  const W = layout.frame_width;
  const spans: [number, number][] = [[0, ZONE]];
  if (layout.leaves.length === 2) {
    const m = (layout.leaves[0].rect.x + layout.leaves[0].rect.width + layout.leaves[1].rect.x) / 2;
    spans.push([m - ZONE / 2, m + ZONE / 2]);
  }
  spans.push([W - ZONE, W]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s[0] - last[1] < BREAK_GAP) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  return merged;
}

/** Section B–B's broken width axis: real x → drawn x. */
export const sectionBAxis = (config: DoorConfig) => brokenAxis(keptSpans(config), BREAK_GAP);

/**
 * Horizontal section B–B at the lock height, seen from above, outside at the
 * bottom (as the plan): both jambs with the leaves' rebate stops, each leaf's
 * stiles with their thermal-break struts, outside upstand, inside bead and
 * gaskets, the glazing unit pane by pane (the build-up and cavities the
 * U-value and weight use), the hinge seen below the cut, the lock and its
 * strike, and the frame fixings into the wall; every cut material hatched.
 * The width is broken out between the jambs (and the meeting stiles), so the
 * profiles read at 1:5 on A3; dimensions across the breaks carry real values.
 */
export function doorHorizontalSection(config: DoorConfig): DrawingView {
  const layout = doorLayout(config);
  const hardware = doorHardware(config, layout);
  const { frame_width: W } = layout;
  const f = PROFILES["SPW600e-FRAME-75"].face_width;
  const d = leafDepths(config);
  const { leaf_lap: lap, glass_bite: bite } = DOOR_SYSTEM;
  const axis = sectionBAxis(config);
  const xv = axis.drawn;
  const cut = new CutShapes();
  const at = (u: number, v: number): Vec => [xv(u), v];
  const outward = config.opening_direction === "outward";
  // The closed leaf laps onto the frame's stop on the face it does not open to.
  const stop = outward ? ([d.leaf[1], d.depth] as const) : ([0, d.leaf[0]] as const);
  const clear = 3;
  frameProfileCut(cut, 0, f, d.depth, at, { at: f - lap - clear, stop });
  frameProfileCut(cut, W, W - f, d.depth, at, { at: W - f + lap + clear, stop });

  const mid = d.depth / 2;
  const double = layout.leaves.length === 2;
  const glassEdges: number[] = [];
  for (const [i, leaf] of layout.leaves.entries()) {
    const g = leaf.glass_visible;
    const [x0, x1] = [leaf.rect.x, leaf.rect.x + leaf.rect.width];
    // In a double door the meeting stiles are rebated over the overlap: the active leaf's flange outside, the passive's inside.
    const meet = (keep: readonly [number, number]) => (double ? { width: DOOR_SYSTEM.meeting_overlap, keep } : undefined);
    const left = leafProfileCut(cut, config, x0, g.x, at, i === 1 ? meet([d.leaf[0], mid - 1]) : undefined);
    const right = leafProfileCut(cut, config, x1, g.x + g.width, at, i === 0 && double ? meet([mid + 1, d.leaf[1]]) : undefined);
    glassEdges.push(left.glassEdge, right.glassEdge);
    // The glazing unit: panes and cavities from the outside face, edges with their spacer bars.
    const cavity = cavityWidth(config.glazing_type, config.glazing_thickness);
    let v = d.glass[0];
    const faces: number[] = [];
    GLASS_BUILD_UP[config.glazing_type].panes_mm.forEach((pane, k) => {
      if (k > 0) {
        for (const e of [left.glassEdge, right.glassEdge]) {
          const inward = e === left.glassEdge ? 1 : -1;
          cut.add("THIN", rect(xv(e), v, xv(e + inward * (bite - 2)), v + cavity));
        }
        v += cavity;
      }
      faces.push(v, v + pane);
      v += pane;
    });
    for (const y of faces) for (const [a, b] of axis.parts(left.glassEdge, right.glassEdge)) cut.line("THIN", [xv(a), y], [xv(b), y]);
    for (const e of [left.glassEdge, right.glassEdge]) cut.line("THIN", [xv(e), d.glass[0]], [xv(e), d.glass[1]]);
  }
  if (double) {
    const [p, a] = layout.leaves;
    cut.fill(xv(a.rect.x) + 2, mid - 1, xv(p.rect.x + p.rect.width) - 2, mid + 1);
  }

  // Hinges, seen below the cut on the face the leaf opens to: barrel at the jamb's inner face, one flap on each.
  const face = (v: number) => (outward ? v : d.depth - v);
  for (const h of hardware.hinges.filter((h, k, all) => all.findIndex((o) => o.leaf === h.leaf) === k)) {
    const s = h.x < W / 2 ? 1 : -1;
    const barrel = 6;
    cut.add("THIN", { kind: "circle", c: [xv(h.x), face(-barrel)], r: barrel });
    cut.add("THIN", rect(xv(h.x - s * 30), face(-3), xv(h.x - s * barrel), face(0)));
    cut.add("THIN", rect(xv(h.x + s * barrel), face(d.leaf[0] - 3), xv(h.x + s * 30), face(d.leaf[0])));
  }
  // The lock case in the lock stile, its bolt thrown into the strike on the jamb or the passive meeting stile.
  for (const l of hardware.locks) {
    const leaf = layout.leaves[l.leaf];
    const edge = leaf.hinge_side === "left" ? leaf.rect.x + leaf.rect.width : leaf.rect.x;
    const s = Math.sign(edge - l.x);
    cut.add("THIN", rect(xv(edge), mid - 8, xv(l.x - s * 20), mid + 8));
    cut.add("THIN", rect(xv(edge), mid - 4, xv(edge + s * 12), mid + 4));
    cut.add("THIN", { kind: "circle", c: [xv(l.x), mid], r: 4 });
    // The strike plate on the face the bolt enters: the jamb's rebate face, or the passive leaf's meeting stile.
    const strike = double ? edge : edge + s * clear;
    cut.add("THIN", rect(xv(strike), mid - 12, xv(strike + s * 2), mid + 12));
  }
  // Frame fixings: a screw through each jamb's body into the wall, with its axis.
  const fy = (d.strut[1] + d.depth) / 2;
  for (const [outer, inner] of [
    [-FIXING_REACH, f - lap - clear],
    [W + FIXING_REACH, W - f + lap + clear],
  ]) {
    cut.add("THIN", rect(xv(outer), fy - 3, xv(inner), fy + 3));
    cut.line("CENTRE", [xv(outer) + (outer < 0 ? -5 : 5), fy], [xv(inner) + (outer < 0 ? 5 : -5), fy]);
  }
  // Break lines (narrow zigzag) across the cut.
  for (const gx of axis.gaps) {
    for (const x of [gx, gx + BREAK_GAP]) {
      cut.add("THIN", {
        kind: "polyline",
        points: [
          [x, -10],
          [x, mid - 6],
          [x + 8, mid - 2],
          [x - 8, mid + 2],
          [x, mid + 6],
          [x, d.depth + 10],
        ],
        closed: false,
      });
    }
  }

  const dim = (a: number, b: number, base: number, side: ViewDimension["side"], row: number) => brokenDimension("x", xv, a, b, base, side, row);
  const dims: ViewDimension[] = [
    dim(0, f, 0, "below", 0),
    dim(f, W - f, 0, "below", 0),
    dim(W - f, W, 0, "below", 0),
    dim(0, W, 0, "below", 1),
    ...layout.leaves.map((l, i) => dim(l.rect.x, l.rect.x + l.rect.width, d.depth, "above", i)),
    { axis: "y", p1: [xv(0), 0], p2: [xv(0), d.depth], side: "left", row: 0 },
    { axis: "y", p1: [xv(W), d.glass[0]], p2: [xv(W), d.glass[1]], side: "right", row: 0 },
    { axis: "y", p1: [xv(W), d.leaf[0]], p2: [xv(W), d.leaf[1]], side: "right", row: 1 },
  ];
  const reach = 12;
  const bounds = { min: [xv(0) - FIXING_REACH - 5, -reach] as Vec, max: [xv(W) + FIXING_REACH + 5, d.depth + reach] as Vec };
  return { code: "SEB", title: "Section B–B", shapes: cut.shapes, dimensions: dims, bounds };
}
