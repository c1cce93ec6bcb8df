import { doorHardware, LOCK_HEIGHT } from "../../products/door/hardware.ts";
import { doorLayout, type Rect } from "../../products/door/layout.ts";
import { PROFILES } from "../../products/door/profiles.ts";
import type { DoorConfig } from "../../products/door/schema.ts";
import { chain } from "../dimensions.ts";
import type { LayerName } from "../layers.ts";
import type { DrawingView, Shape, Vec, ViewDimension, ViewShape } from "../model.ts";

const box = (r: Rect): Shape => ({
  kind: "polyline",
  points: [
    [r.x, r.y],
    [r.x + r.width, r.y],
    [r.x + r.width, r.y + r.height],
    [r.x, r.y + r.height],
  ],
  closed: true,
});

/**
 * The door seen from outside or inside (the inside is the outside mirrored), from the engine's door layout (the same numbers
 * as the BOM, U-value and 3D model): frame, leaves (their laps behind the frame
 * hidden), glazing, hinges, locks, levers and closers, the opening symbol per
 * leaf (apex on the hinge side; dashed when the leaf opens away from the
 * viewer), and chain dimensions that add up to the overall sizes.
 */
export function doorElevation(config: DoorConfig, face: "outside" | "inside" = "outside"): DrawingView {
  const layout = doorLayout(config);
  const hardware = doorHardware(config, layout);
  const { frame_width: W, frame_height: H, threshold_height: t, opening } = layout;
  const f = PROFILES["SPW600e-FRAME-75"].face_width;
  const shapes: ViewShape[] = [];
  const add = (layer: LayerName, shape: Shape) => shapes.push({ layer, shape });
  const line = (layer: LayerName, a: Vec, b: Vec) => add(layer, { kind: "line", a, b });

  add("OUTLINE", box({ x: 0, y: 0, width: W, height: H }));
  add("OUTLINE", box(opening));
  // Head mitred to the jambs; threshold between the jambs.
  line("THIN", [0, H], [f, H - f]);
  line("THIN", [W, H], [W - f, H - f]);
  line("OUTLINE", [f, 0], [f, t]);
  line("OUTLINE", [W - f, 0], [W - f, t]);

  const top = opening.y + opening.height;
  for (const leaf of layout.leaves) {
    add("HIDDEN", box(leaf.rect));
    const g = leaf.glass_visible;
    add("OUTLINE", box(g));
    // Rails butt between the stiles: their joints show above and below the glass.
    for (const x of [g.x, g.x + g.width]) {
      line("THIN", [x, g.y + g.height], [x, top]);
      line("THIN", [x, t], [x, g.y]);
    }
    // Glass marks: two short parallel strokes in the upper corner.
    for (const k of [0, 1]) {
      const s = 0.12 * Math.min(g.width, g.height);
      const o = 0.15 * Math.min(g.width, g.height) + k * 40;
      line("THIN", [g.x + g.width - o - s, g.y + g.height - o], [g.x + g.width - o, g.y + g.height - o - s]);
    }
    // Opening symbol: from the lock-side corners of the leaf's visible part to the hinge side.
    const lockX = leaf.hinge_side === "left" ? Math.min(leaf.rect.x + leaf.rect.width, opening.x + opening.width) : Math.max(leaf.rect.x, opening.x);
    const hingeX = leaf.hinge_side === "left" ? opening.x : opening.x + opening.width;
    const away = (config.opening_direction === "inward") === (face === "outside");
    add(away ? "HIDDEN" : "SYMBOLS", {
      kind: "polyline",
      points: [
        [lockX, t],
        [hingeX, t + opening.height / 2],
        [lockX, top],
      ],
      closed: false,
    });
  }
  if (layout.leaves.length === 2) {
    // The active leaf's meeting-stile flange covers the passive leaf.
    const active = layout.leaves[1].rect;
    line("OUTLINE", [active.x, t], [active.x, top]);
  }

  // Cutting plane of section A–A (door/section.ts): through the active leaf's glass, wide at its ends.
  const cut = layout.leaves.find((l) => l.role !== "passive") ?? layout.leaves[0];
  const cx = cut.glass_visible.x + cut.glass_visible.width / 2;
  line("CENTRE", [cx, 0], [cx, H]);
  line("OUTLINE", [cx, 0], [cx, 60]);
  line("OUTLINE", [cx, H - 60], [cx, H]);
  for (const y of [80, H - 80 - 5 * 20]) add("TEXT", { kind: "text", at: [cx + 40, y], height: 5, text: "A", align: "left", rotation: 0 });

  // Cutting plane of section B–B (door/horizontal-section.ts): across the door at the lock height.
  const by = LOCK_HEIGHT;
  line("CENTRE", [0, by], [W, by]);
  line("OUTLINE", [0, by], [60, by]);
  line("OUTLINE", [W - 60, by], [W, by]);
  add("TEXT", { kind: "text", at: [80, by + 40], height: 5, text: "B", align: "left", rotation: 0 });
  add("TEXT", { kind: "text", at: [W - 80, by + 40], height: 5, text: "B", align: "right", rotation: 0 });

  for (const h of hardware.hinges) add("THIN", box({ x: h.x - 10, y: h.y - 50, width: 20, height: 100 }));
  for (const l of hardware.locks) {
    add("THIN", box({ x: l.x - 12, y: l.y - 90, width: 24, height: 180 }));
    add("THIN", { kind: "circle", c: [l.x, l.y - 50], r: 8 });
    // The lever points away from the lock edge, towards the leaf's hinge side.
    const dir = layout.leaves[l.leaf].hinge_side === "left" ? -1 : 1;
    add("THIN", box({ x: dir < 0 ? l.x - 140 : l.x, y: l.y + 30, width: 140, height: 20 }));
  }
  for (const c of hardware.closers) add("THIN", box({ x: c.x, y: c.y - 25, width: c.width, height: 50 }));

  const dims: ViewDimension[] = [];
  const xs = (...v: number[]) => [...new Set(v)].sort((a, b) => a - b);
  const stileChain = layout.leaves.length === 2 ? xs(0, f, layout.leaves[1].rect.x, W - f, W) : xs(0, f, W - f, W);
  dims.push(...chain("x", stileChain, 0, "below", 0), ...chain("x", [0, W], 0, "below", 1));
  const sight = xs(0, W, ...layout.leaves.flatMap((l) => [l.glass_visible.x, l.glass_visible.x + l.glass_visible.width]));
  dims.push(...chain("x", sight, H, "above", 0));
  layout.leaves.forEach((l, i) => dims.push(...chain("x", [l.rect.x, l.rect.x + l.rect.width], H, "above", 1 + i)));
  dims.push(...chain("y", [0, t, top, H], 0, "left", 0), ...chain("y", [0, H], 0, "left", 1));
  const g = layout.leaves[0].glass_visible;
  const leaf = layout.leaves[0].rect;
  dims.push(...chain("y", [0, g.y, g.y + g.height, H], W, "right", 0));
  dims.push(...chain("y", [leaf.y, leaf.y + leaf.height], W, "right", 1));
  if (hardware.locks.length > 0) dims.push(...chain("y", [0, hardware.locks[0].y], W, "right", 2));

  const view: DrawingView = { code: "ELV", title: `Elevation (${face})`, shapes, dimensions: dims, bounds: { min: [0, 0], max: [W, H] } };
  return face === "outside" ? view : mirrored(view, W);
}

/** The view seen from the other face: x → W − x; text stays readable, anchored on its mirrored side. */
function mirrored(view: DrawingView, W: number): DrawingView {
  const m = (p: Vec): Vec => [W - p[0], p[1]];
  const flip = (s: Shape): Shape => {
    switch (s.kind) {
      case "line":
        return { kind: "line", a: m(s.a), b: m(s.b) };
      case "polyline":
        return { kind: "polyline", points: s.points.map(m), closed: s.closed };
      case "fill":
        return { kind: "fill", points: s.points.map(m) };
      case "circle":
        return { kind: "circle", c: m(s.c), r: s.r };
      case "arc":
        return { kind: "arc", c: m(s.c), r: s.r, start: 180 - s.end, end: 180 - s.start };
      case "text":
        return { ...s, at: m(s.at), align: s.align === "left" ? "right" : s.align === "right" ? "left" : "center" };
    }
  };
  return {
    ...view,
    shapes: view.shapes.map(({ layer, shape }) => ({ layer, shape: flip(shape) })),
    // Sides swap with the mirror, so the rows keep their order outwards.
    dimensions: view.dimensions.map((d) => ({ ...d, p1: m(d.p1), p2: m(d.p2), side: d.side === "left" ? "right" : d.side === "right" ? "left" : d.side })),
  };
}
