import { DOOR_SYSTEM, PROFILES, type ProfileCode } from "./profiles.ts";
import type { DoorConfig } from "./schema.ts";

/**
 * The door in elevation, seen from outside, origin at the frame's bottom-left
 * corner, mm. Every other result (thermal areas, cut lengths, weights,
 * geometry) is read from here, so they cannot disagree.
 *
 * Construction: frame head mitred to full-height jambs; threshold between the
 * jambs; leaves lap `leaf_lap` behind frame and threshold on every side; leaf
 * stiles run full height with rails butt-jointed between them; in a double
 * door the active (right) leaf's meeting-stile flange covers the passive one
 * by `meeting_overlap`.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LeafLayout {
  role: "single" | "active" | "passive";
  hinge_side: "left" | "right";
  /** Leaf outer size including laps. */
  rect: Rect;
  /** Stile on the lock side: the meeting stile in a double door. */
  lock_stile: ProfileCode;
  glass_visible: Rect;
  /** Glass unit size: visible size plus the bite on each edge. */
  glass_unit: { width: number; height: number };
}

/** A strip of the elevation that is not glass, by the profile that shows there. */
export interface SightZone {
  profile: ProfileCode;
  label: string;
  area_mm2: number;
}

export interface DoorLayout {
  frame_width: number;
  frame_height: number;
  threshold: ProfileCode;
  threshold_height: number;
  /** Clear opening inside frame and threshold. */
  opening: Rect;
  leaves: LeafLayout[];
  zones: SightZone[];
}

export function doorLayout(config: DoorConfig): DoorLayout {
  const W = config.frame_width;
  const H = config.frame_height;
  const f = PROFILES["SPW600e-FRAME-75"].face_width;
  const threshold: ProfileCode = config.threshold === "low" ? "HA176P-LOW" : "HA176P-THRESHOLD";
  const t = PROFILES[threshold].face_width;
  const sl = PROFILES["SPW600e-LEAF-75"].face_width;
  const sb = PROFILES["SPW600e-RAIL-120"].face_width;
  const sm = PROFILES["SPW600e-MEET-64"].face_width;
  const { leaf_lap: lap, meeting_overlap: r, glass_bite: bite } = DOOR_SYSTEM;

  const opening: Rect = { x: f, y: t, width: W - 2 * f, height: H - f - t };
  const leafHeight = opening.height + 2 * lap;
  const leafY = t - lap;
  const glassY = leafY + sb;
  const glassHeight = leafHeight - sl - sb;
  const unit = (width: number) => ({ width: width + 2 * bite, height: glassHeight + 2 * bite });

  const leaves: LeafLayout[] = [];
  if (config.door_type === "single") {
    const width = opening.width + 2 * lap;
    const gw = width - 2 * sl;
    leaves.push({
      role: "single",
      hinge_side: "left",
      rect: { x: f - lap, y: leafY, width, height: leafHeight },
      lock_stile: "SPW600e-LEAF-75",
      glass_visible: { x: f - lap + sl, y: glassY, width: gw, height: glassHeight },
      glass_unit: unit(gw),
    });
  } else {
    // The two leaves span the opening, both laps and the meeting overlap.
    const width = (opening.width + 2 * lap + r) / 2;
    const gw = width - sl - sm;
    const leftX = f - lap;
    const rightX = W - f + lap - width;
    leaves.push(
      {
        role: "passive",
        hinge_side: "left",
        rect: { x: leftX, y: leafY, width, height: leafHeight },
        lock_stile: "SPW600e-MEET-64",
        glass_visible: { x: leftX + sl, y: glassY, width: gw, height: glassHeight },
        glass_unit: unit(gw),
      },
      {
        role: "active",
        hinge_side: "right",
        rect: { x: rightX, y: leafY, width, height: leafHeight },
        lock_stile: "SPW600e-MEET-64",
        glass_visible: { x: rightX + sm, y: glassY, width: gw, height: glassHeight },
        glass_unit: unit(gw),
      },
    );
  }

  const glassWidths = leaves.reduce((s, l) => s + l.glass_visible.width, 0);
  const zones: SightZone[] = [
    { profile: "SPW600e-FRAME-75", label: "Frame head and jambs", area_mm2: f * (W + 2 * H - 2 * f) },
    { profile: threshold, label: "Threshold", area_mm2: opening.width * t },
    {
      profile: "SPW600e-LEAF-75",
      label: "Leaf stiles and top rails",
      // Two outer stiles either way (a double door's inner stiles are meeting stiles).
      area_mm2: 2 * (sl - lap) * opening.height + glassWidths * (sl - lap),
    },
    { profile: "SPW600e-RAIL-120", label: "Leaf bottom rails", area_mm2: glassWidths * (sb - lap) },
  ];
  if (config.door_type === "double") {
    zones.push({ profile: "SPW600e-MEET-64", label: "Meeting stiles", area_mm2: (2 * sm - r) * opening.height });
  }
  return { frame_width: W, frame_height: H, threshold, threshold_height: t, opening, leaves, zones };
}
