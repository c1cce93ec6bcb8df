/**
 * Drawing layers and their line types per ISO 128-2 (line widths in the
 * 0.25 / 0.35 / 0.5 / 0.7 mm series; wide and narrow lines in the ratio 2:1).
 * Every writer emits exactly these layers, in this order.
 */
export const LAYERS = {
  /** Trimmed sheet edge (ISO 5457), so the sheet's extent is explicit in every format. */
  SHEET: { weight: 0.25, dash: null, description: "Trimmed sheet edge" },
  /** Drawing-space frame and centring marks, ISO 5457: 0.7 mm. */
  FRAME: { weight: 0.7, dash: null, description: "Frame and centring marks" },
  /** Reference grid fields and their letters and numbers, ISO 5457: 0.35 mm. */
  GRID: { weight: 0.35, dash: null, description: "Reference grid" },
  TITLE: { weight: 0.35, dash: null, description: "Title block and revision table" },
  /** Visible edges: wide line (type 01.2). */
  OUTLINE: { weight: 0.5, dash: null, description: "Visible edges" },
  /** Hidden edges: narrow dashed line (type 02.1), dash 12d, gap 3d. */
  HIDDEN: { weight: 0.25, dash: [3, 0.75], description: "Hidden edges" },
  /** Centre lines: narrow long-dashed dotted line (type 04.1), dash 24d, gap 3d, dot 0.5d. */
  CENTRE: { weight: 0.25, dash: [6, 0.75, 0.125, 0.75], description: "Centre lines" },
  /** Narrow continuous lines: glazing, hardware outlines, opening arcs (type 01.1). */
  THIN: { weight: 0.25, dash: null, description: "Narrow lines: glazing, hardware, opening arcs" },
  /** Section hatching (ISO 128-50) and thin sections filled solid (gaskets): narrow continuous lines. */
  HATCH: { weight: 0.25, dash: null, description: "Section hatching and solid-filled thin sections" },
  /** Opening-direction symbol; dashed when the leaf opens away from the viewer. */
  SYMBOLS: { weight: 0.25, dash: null, description: "Opening-direction symbols" },
  /** Dimension and extension lines, arrowheads and values (ISO 129-1), narrow. */
  DIMENSIONS: { weight: 0.25, dash: null, description: "Dimensions" },
  /** View titles and notes. */
  TEXT: { weight: 0.35, dash: null, description: "View titles and notes" },
} as const satisfies Record<string, { weight: number; dash: readonly number[] | null; description: string }>;

export type LayerName = keyof typeof LAYERS;
export const LAYER_NAMES = Object.keys(LAYERS) as LayerName[];
