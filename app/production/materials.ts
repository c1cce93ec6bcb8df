/** The words the stock pages use for the API's material kinds and units. */
export const MATERIAL_KIND_LABELS = {
  profile: "Profile",
  glass: "Glass unit",
  sheet: "Sheet",
  filament: "Filament",
  resin: "Resin",
  bar_stock: "Bar stock",
  hardware: "Hardware",
  other: "Other",
} as const;

export const STOCK_UNITS = ["m", "mm", "m2", "kg", "g", "l", "ml", "pcs", "sheet", "bar"] as const;

export const materialPath = (id: string) => `/production/stock/${encodeURIComponent(id)}`;
export const receivePath = (code?: string) => `/production/lots/receive${code ? `?material=${encodeURIComponent(code)}` : ""}`;
