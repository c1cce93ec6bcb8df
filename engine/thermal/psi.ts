/**
 * Linear thermal transmittance ψ_g (W/(m·K)) of the glazing edge, by spacer
 * and frame material: the default table values of EN ISO 10077-1:2006 Annex E
 * (Table E.1 aluminium/steel spacers, Table E.2 thermally improved "warm edge"
 * spacers). A manufacturer's ψ from EN ISO 10077-2 replaces them when known.
 */
export type SpacerType = "aluminium" | "warm_edge";
export type FrameMaterial = "wood_or_pvc" | "metal_thermal_break" | "metal_no_thermal_break";

/** [uncoated double/triple glazing, double with one low-e / triple with two low-e coatings] */
const PSI_TABLE: Record<SpacerType, Record<FrameMaterial, readonly [number, number]>> = {
  aluminium: {
    wood_or_pvc: [0.06, 0.08],
    metal_thermal_break: [0.08, 0.11],
    metal_no_thermal_break: [0.02, 0.05],
  },
  warm_edge: {
    wood_or_pvc: [0.05, 0.06],
    metal_thermal_break: [0.06, 0.08],
    metal_no_thermal_break: [0.01, 0.04],
  },
};

export function psiValue(spacer: SpacerType, frame: FrameMaterial, low_e_coated: boolean): number {
  return PSI_TABLE[spacer][frame][low_e_coated ? 1 : 0];
}
