import type { MaterialSpec } from "./types.ts";

/**
 * Approximate sRGB of common RAL Classic colours, for on-screen previews only
 * (RAL publishes no official sRGB; these are the usual reference values).
 */
export const RAL_SRGB: Record<string, string> = {
  "RAL 1013": "#E3D9C6",
  "RAL 1015": "#E6D2B5",
  "RAL 3004": "#6B1C23",
  "RAL 3005": "#59191F",
  "RAL 5010": "#13447C",
  "RAL 5011": "#232C3F",
  "RAL 6005": "#0F4336",
  "RAL 6009": "#26392F",
  "RAL 7012": "#575D5E",
  "RAL 7015": "#4F5358",
  "RAL 7016": "#383E42",
  "RAL 7021": "#2F3234",
  "RAL 7024": "#45494E",
  "RAL 7035": "#C5C7C4",
  "RAL 7039": "#6C6960",
  "RAL 8014": "#4A3526",
  "RAL 8019": "#3D3635",
  "RAL 9001": "#EFEBDC",
  "RAL 9005": "#0A0A0A",
  "RAL 9006": "#A5A8A6",
  "RAL 9007": "#8F8F8C",
  "RAL 9010": "#F1ECE1",
  "RAL 9016": "#F1F0EA",
};

/** Shown for a RAL code outside the table: neutral, so it is obviously a placeholder. */
const UNKNOWN_RAL = "#808080";

/** sRGB hex → linear RGB, which glTF's baseColorFactor expects. */
export function srgbToLinear(hex: string): [number, number, number] {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return [channel(0), channel(1), channel(2)];
}

export const ralHex = (code: string) => RAL_SRGB[code.toUpperCase()] ?? UNKNOWN_RAL;

const ANODISED_SRGB: Record<string, string> = {
  natural: "#C0C2C4",
  champagne: "#C8B48A",
  light_bronze: "#8A6E4B",
  dark_bronze: "#4A3A2A",
  black: "#1E1E1E",
};

/** The PBR look of a metal finish: powder coat is a satin paint, anodised and mill read as metal. */
export function metalFinishMaterial(name: string, finish: "powder_coating" | "anodised" | "mill", color?: string): MaterialSpec {
  if (finish === "powder_coating") {
    return { name, base_color: [...srgbToLinear(ralHex(color ?? "")), 1], metallic: 0, roughness: 0.45 };
  }
  if (finish === "anodised") {
    return { name, base_color: [...srgbToLinear(ANODISED_SRGB[color ?? ""] ?? ANODISED_SRGB.natural), 1], metallic: 0.9, roughness: 0.35 };
  }
  return { name, base_color: [...srgbToLinear("#C8CACC"), 1], metallic: 1, roughness: 0.3 };
}

export const GLASS_MATERIAL: MaterialSpec = { name: "glass", base_color: [0.8, 0.9, 0.92, 0.25], metallic: 0, roughness: 0.05 };
export const STAINLESS_MATERIAL: MaterialSpec = { name: "stainless_steel", base_color: [...srgbToLinear("#B4B6B8"), 1], metallic: 1, roughness: 0.25 };
