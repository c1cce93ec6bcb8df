import type { DoorLayout } from "./layout.ts";
import { PROFILES } from "./profiles.ts";
import { requiredHinges } from "./rules.ts";
import type { DoorConfig } from "./schema.ts";

/**
 * Where the hardware sits, mm, in the layout's elevation coordinates. The 3D
 * geometry and the drawings both read it, so a hinge is drawn where it is modelled.
 */
export interface DoorHardwarePositions {
  /** Hinge centres on the frame jamb: x is the jamb's inner face. */
  hinges: { leaf: number; x: number; y: number }[];
  /** Lock and lever centres on each leaf that carries a lock (not a passive leaf). */
  locks: { leaf: number; x: number; y: number }[];
  /** Overhead closer on each leaf's head rail, hinge side; empty when there is no closer. */
  closers: { leaf: number; x: number; y: number; width: number }[];
}

/** Height of the lock and lever centre above the floor. */
export const LOCK_HEIGHT = 1050;
/** First and last hinge centre from the leaf's top and bottom edge. */
const HINGE_END_DISTANCE = 250;
/** Lock centre in from the leaf's lock-side edge. */
const LOCK_BACKSET = 45;
const CLOSER_WIDTH = 300;

export function doorHardware(config: DoorConfig, layout: DoorLayout): DoorHardwarePositions {
  const f = PROFILES["SPW600e-FRAME-75"].face_width;
  const W = layout.frame_width;
  const out: DoorHardwarePositions = { hinges: [], locks: [], closers: [] };
  layout.leaves.forEach((leaf, i) => {
    const n = config.hardware.hinges_per_leaf ?? requiredHinges(leaf.rect.height);
    const hingeX = leaf.hinge_side === "left" ? f : W - f;
    for (let h = 0; h < n; h++) {
      const y = leaf.rect.y + HINGE_END_DISTANCE + (h * (leaf.rect.height - 2 * HINGE_END_DISTANCE)) / (n - 1);
      out.hinges.push({ leaf: i, x: hingeX, y });
    }
    if (leaf.role !== "passive") {
      const x = leaf.hinge_side === "left" ? leaf.rect.x + leaf.rect.width - LOCK_BACKSET : leaf.rect.x + LOCK_BACKSET;
      out.locks.push({ leaf: i, x, y: LOCK_HEIGHT });
    }
    if (config.hardware.closer !== "none") {
      const x = leaf.hinge_side === "left" ? leaf.rect.x + 60 : leaf.rect.x + leaf.rect.width - 60 - CLOSER_WIDTH;
      out.closers.push({ leaf: i, x, y: leaf.rect.y + leaf.rect.height - 60, width: CLOSER_WIDTH });
    }
  });
  return out;
}
