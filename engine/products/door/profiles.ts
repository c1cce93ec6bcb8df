/**
 * SPW600e profile and system data in one place. Figures are our documented
 * working assumptions for a 75 mm thermally broken (polyamide strut) door
 * system; a fabricator's certified data (EN ISO 10077-2 U_f, extrusion
 * catalogue weights) replaces them when supplied. Lengths mm, mass kg/m,
 * U_f W/(m²·K).
 */
export type ProfileCode = "SPW600e-FRAME-75" | "SPW600e-LEAF-75" | "SPW600e-RAIL-120" | "SPW600e-MEET-64" | "HA176P-THRESHOLD" | "HA176P-LOW" | "SPW600e-BEAD";

export interface ProfileData {
  code: ProfileCode;
  description: string;
  /** Face width in elevation. */
  face_width: number;
  depth: number;
  kg_per_m: number;
  /** Thermal transmittance of the section it forms; null for beads (part of the leaf section). */
  u_f: number | null;
}

export const PROFILES: Record<ProfileCode, ProfileData> = {
  "SPW600e-FRAME-75": { code: "SPW600e-FRAME-75", description: "Outer frame, head and jambs", face_width: 52, depth: 75, kg_per_m: 1.85, u_f: 2.2 },
  "SPW600e-LEAF-75": { code: "SPW600e-LEAF-75", description: "Leaf stile and top rail", face_width: 90, depth: 75, kg_per_m: 1.6, u_f: 2.3 },
  "SPW600e-RAIL-120": { code: "SPW600e-RAIL-120", description: "Leaf bottom (kick) rail", face_width: 120, depth: 75, kg_per_m: 2.1, u_f: 2.4 },
  "SPW600e-MEET-64": { code: "SPW600e-MEET-64", description: "Rebated meeting stile", face_width: 64, depth: 75, kg_per_m: 1.75, u_f: 2.6 },
  "HA176P-THRESHOLD": { code: "HA176P-THRESHOLD", description: "Threshold HA176P, 25 mm upstand", face_width: 25, depth: 75, kg_per_m: 1.1, u_f: 3.0 },
  "HA176P-LOW": {
    code: "HA176P-LOW",
    description: "Low threshold (DDA / Approved Document M), 15 mm upstand",
    face_width: 15,
    depth: 75,
    kg_per_m: 0.95,
    u_f: 3.8,
  },
  "SPW600e-BEAD": { code: "SPW600e-BEAD", description: "Glazing bead", face_width: 0, depth: 20, kg_per_m: 0.25, u_f: null },
};

export const DOOR_SYSTEM = {
  /** Leaf edge lapping behind the frame (and onto the threshold) on every side. */
  leaf_lap: 8,
  /** Overlap of the active leaf's meeting-stile flange over the passive leaf. */
  meeting_overlap: 12,
  /** Glass edge cover: the unit runs this far under the bead / into the rebate on each side. */
  glass_bite: 14,
  /** EPDM glazing gasket between the glass and the leaf's upstand or bead, each face. */
  glazing_gasket: 4,
  /** The leaf profile stands this far inside each frame face (its depth is the frame depth less twice this). */
  leaf_inset: 5,
  /** Polyamide strut zone (thermal break) centred in every frame, leaf and threshold profile's depth. */
  thermal_break: 24,
  frame_width: { min: 600, max: 2000 },
  frame_height: { min: 1800, max: 2400 },
  leaf_max: { width: 1000, height: 2400, weight_kg: 75 },
  /** Narrower leaves leave too little glass and passage to be worth making. */
  leaf_min_width: 500,
  glazing_thickness: { min: 28, max: 56 },
  /** Leaves taller than this get a third hinge (seed 4.4). */
  third_hinge_above_leaf_height: 2100,
  /** Frame fixings: no further apart than this, and this far in from each end. */
  fixing_spacing: 600,
  fixing_end_distance: 150,
  /**
   * Every mitred end is cut this much long for corner cleaning after
   * crimping; the cut length in the cutting list includes it.
   */
  mitre_allowance: 1,
} as const;

/**
 * Glass build-up assumption for the leaf weight: doors take safety glass,
 * so a double unit is 4 mm toughened + 6.8 mm laminated (10.8 mm of glass) and
 * a triple unit 4 mm toughened + 4 mm + 6.8 mm laminated (14.8 mm); the rest
 * of `glazing_thickness` is gas-filled cavity (≥ 6.6 mm per cavity even at the
 * 28 mm minimum). Glass weighs 2.5 kg/m² per mm.
 */
export const GLASS_BUILD_UP = {
  double: { panes_mm: [4, 6.8] },
  triple: { panes_mm: [4, 4, 6.8] },
} as const;
export const GLASS_KG_PER_M2_PER_MM = 2.5;

export const glassThickness = (type: keyof typeof GLASS_BUILD_UP) => GLASS_BUILD_UP[type].panes_mm.reduce((a, b) => a + b, 0);

/**
 * EN 1154 recommended maximum leaf width per closer power size (mm); a
 * closer too weak for the leaf will not close it against wind and seals.
 */
export const CLOSER_MAX_LEAF_WIDTH: Record<string, number> = {
  overhead_size_3: 950,
  overhead_size_4: 1100,
  overhead_size_5: 1250,
};

/**
 * The frame widths a door type can take: the system's range, narrowed to
 * where each leaf stays within its width limits (a single leaf is the opening
 * plus both laps; two leaves share that and the meeting overlap). Follows
 * the construction in layout.ts.
 */
export function frameWidthRange(doorType: "single" | "double"): { min: number; max: number } {
  const f = PROFILES["SPW600e-FRAME-75"].face_width;
  const { leaf_lap: lap, meeting_overlap: r, leaf_max, leaf_min_width, frame_width } = DOOR_SYSTEM;
  const frameFor = (leaf: number) => (doorType === "single" ? leaf + 2 * f - 2 * lap : 2 * leaf + 2 * f - 2 * lap - r);
  return { min: Math.max(frame_width.min, Math.ceil(frameFor(leaf_min_width))), max: Math.min(frame_width.max, Math.floor(frameFor(leaf_max.width))) };
}
