import { doorLayout } from "../../products/door/layout.ts";
import { DOOR_SYSTEM, PROFILES } from "../../products/door/profiles.ts";
import type { DoorConfig } from "../../products/door/schema.ts";
import { chain } from "../dimensions.ts";
import { type DetailMark, detailView, withDetailMarks } from "../detail.ts";
import type { DrawingView } from "../model.ts";
import { brokenDimension, leafDepths } from "./cut.ts";
import { doorHorizontalSection, sectionBAxis } from "./horizontal-section.ts";
import { doorVerticalSection } from "./section.ts";

/**
 * The door's details, each circled on the section it enlarges: on B–B the
 * hinge (C) and the lock strike (D; in a double door the strike is in the
 * meeting stiles, so D is the meeting stile with its strike), on A–A the
 * threshold (E). Letters follow the sections' A and B.
 */
export function sectionBDetails(config: DoorConfig): DetailMark[] {
  const layout = doorLayout(config);
  const W = layout.frame_width;
  const f = PROFILES["SPW600e-FRAME-75"].face_width;
  const { leaf_lap: lap } = DOOR_SYSTEM;
  const d = leafDepths(config);
  const xv = sectionBAxis(config).drawn;
  const dim = (a: number, b: number, base: number, side: "below" | "above", row: number) => brokenDimension("x", xv, a, b, base, side, row);
  const depth = { axis: "y" as const, side: "left" as const, row: 0 };
  // The active (or only) leaf's hinge jamb.
  const active = layout.leaves.find((l) => l.role !== "passive") ?? layout.leaves[0];
  const hingeLeft = active.hinge_side === "left";
  const [j0, j1] = hingeLeft ? [0, f] : [W - f, W];
  const hinge: DetailMark = {
    letter: "C",
    caption: "hinge",
    centre: [xv(hingeLeft ? f : W - f), d.depth / 2],
    radius: 70,
    dimensions: [
      dim(j0, j1, 0, "below", 0),
      hingeLeft ? dim(f - lap, f, d.depth, "above", 0) : dim(W - f, W - f + lap, d.depth, "above", 0),
      { ...depth, p1: [xv(hingeLeft ? 0 : W - f), 0], p2: [xv(hingeLeft ? 0 : W - f), d.depth] },
    ],
  };
  if (layout.leaves.length === 2) {
    const [p, a] = layout.leaves;
    const pEnd = p.rect.x + p.rect.width;
    const meeting: DetailMark = {
      letter: "D",
      caption: "meeting stile",
      centre: [xv((pEnd + a.rect.x) / 2), d.depth / 2],
      radius: 80,
      dimensions: [
        dim(p.glass_visible.x + p.glass_visible.width, a.rect.x, 0, "below", 0),
        dim(a.rect.x, pEnd, 0, "below", 0),
        dim(pEnd, a.glass_visible.x, 0, "below", 0),
        { ...depth, p1: [xv(a.rect.x), d.leaf[0]], p2: [xv(a.rect.x), d.leaf[1]] },
      ],
    };
    return [hinge, meeting];
  }
  // A single leaf hinged left locks into the right jamb, 3 mm clear of its rebate face.
  const edge = active.rect.x + active.rect.width;
  const strike: DetailMark = {
    letter: "D",
    caption: "lock strike",
    centre: [xv(W - f), d.depth / 2],
    radius: 70,
    dimensions: [dim(W - f, W, 0, "below", 0), dim(edge, edge + 3, d.depth, "above", 0), { ...depth, p1: [xv(W - f), 0], p2: [xv(W - f), d.depth] }],
  };
  return [hinge, strike];
}

export function sectionADetails(config: DoorConfig): DetailMark[] {
  const layout = doorLayout(config);
  const t = layout.threshold_height;
  const d = leafDepths(config);
  return [
    {
      letter: "E",
      caption: "threshold",
      centre: [d.depth / 2, 40],
      radius: 60,
      dimensions: [
        ...chain("y", [0, t], 0, "left", 0),
        ...chain("y", [t - DOOR_SYSTEM.leaf_lap, t], d.depth, "right", 0),
        ...chain("x", [0, d.depth], 0, "below", 0),
      ],
    },
  ];
}

/** The section sheet's views: A–A and B–B, each with the circles of the details taken from it. */
export const doorSections = (config: DoorConfig): DrawingView[] => [
  withDetailMarks(doorVerticalSection(config), sectionADetails(config)),
  withDetailMarks(doorHorizontalSection(config), sectionBDetails(config)),
];

/** The detail sheet's views, in letter order, each at its own scale. */
export function doorDetails(config: DoorConfig): DrawingView[] {
  const b = doorHorizontalSection(config);
  const a = doorVerticalSection(config);
  return [...sectionBDetails(config).map((m) => detailView(b, m)), ...sectionADetails(config).map((m) => detailView(a, m))];
}
