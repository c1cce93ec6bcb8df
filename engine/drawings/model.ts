import type { LayerName } from "./layers.ts";
import type { IsoScale } from "./scale.ts";
import type { SheetFormat } from "./sheet.ts";

/**
 * The one model of a drawing sheet. Views are generated in real millimetres,
 * then placed and scaled onto a sheet, where every shape is in paper
 * millimetres with the origin at the sheet's bottom-left corner and y up. The
 * SVG, DXF and PDF writers read this model and nothing else.
 */
export type Vec = readonly [number, number];

export type Shape =
  | { kind: "line"; a: Vec; b: Vec }
  | { kind: "polyline"; points: Vec[]; closed: boolean }
  | { kind: "circle"; c: Vec; r: number }
  /** Counter-clockwise from `start` to `end`, degrees from +x. */
  | { kind: "arc"; c: Vec; r: number; start: number; end: number }
  /** A solid filled polygon (arrowheads). */
  | { kind: "fill"; points: Vec[] }
  /**
   * `at` is on the baseline: its left end, centre or right end by `align`.
   * `rotation` 90 turns the text counter-clockwise, read from the right (ISO 129-1).
   */
  | { kind: "text"; at: Vec; height: number; text: string; align: "left" | "center" | "right"; rotation: 0 | 90 };

export type TextShape = Extract<Shape, { kind: "text" }>;

/** The closed rectangle between two corners. */
export const rect = (x0: number, y0: number, x1: number, y1: number): Shape => ({
  kind: "polyline",
  points: [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ],
  closed: true,
});

/** A shape in a view, in real millimetres, on a layer. */
export interface ViewShape {
  layer: LayerName;
  shape: Shape;
}

/**
 * A linear dimension in a view (ISO 129-1), in real millimetres: from `p1` to
 * `p2` measured along `axis`, its dimension line set out on `side` of the view
 * in row `row` (0 nearest the view). The value is the measured distance.
 */
export interface ViewDimension {
  axis: "x" | "y";
  p1: Vec;
  p2: Vec;
  side: "below" | "above" | "left" | "right";
  row: number;
  /** The real value where the view is broken out between p1 and p2; the measured distance otherwise. */
  value?: number;
}

/** What a product family's generator returns for one view. */
export interface DrawingView {
  /** ELV, PLN, … — the view's part of the drawing number. */
  code: string;
  title: string;
  shapes: ViewShape[];
  dimensions: ViewDimension[];
  /** Extent of the drawn object, real mm (dimensions excluded). */
  bounds: { min: Vec; max: Vec };
  /**
   * A view drawn at its own scale (a detail, ISO 5455): stated after its
   * title; the sheet's scale does not apply to it. A sheet of such views
   * states the scale most of them use in its title block.
   */
  scale?: IsoScale;
  /** The letters of the detail circles drawn on this view (real mm): set on the sheet clear of dimensions (compose). */
  marks?: DetailLetter[];
}

/** A detail circle's reference letter, to be set beside its circle. */
export interface DetailLetter {
  letter: string;
  centre: Vec;
  radius: number;
}

/** A dimension as placed on the sheet, paper mm, with its value text where the writers put it. */
export interface PlacedDimension {
  axis: "x" | "y";
  /** Measured value, real mm. */
  value: number;
  /** Where it measures from and to along its axis, paper mm (ascending). */
  span: readonly [number, number];
  text: TextShape;
}

export interface TitleBlockFields {
  /** ISO 7200 legal owner: the tenant. */
  legal_owner: string;
  /** ISO 7200 identification number: the drawing number, e.g. SPW600E-ELV-001. */
  drawing_number: string;
  title: string;
  /** e.g. "Assembly drawing". */
  document_type: string;
  /** YYYY-MM-DD. */
  date_of_issue: string;
  creator: string;
  approver: string;
  /** e.g. "Released", "In preparation". */
  status: string;
  /** Sheet number and count, e.g. "1/1". */
  sheet_number: string;
  /** Two-letter language code (ISO 639). */
  language: string;
}

export interface RevisionEntry {
  revision: string;
  date: string;
  reason: string;
}

export interface DrawingSheet {
  format: SheetFormat;
  /** Paper size, mm. */
  width: number;
  height: number;
  scale: IsoScale;
  title_block: TitleBlockFields;
  /** The current revision index (the last of `revisions`), "A" for the first issue. */
  revision: string;
  revisions: RevisionEntry[];
  /**
   * Each view's place: `origin` is its bounds' min corner on the paper, drawn at `scale`; `shapes` the index range
   * [from, to) of its shapes (its dimensions and title included) in each sheet layer it draws on.
   */
  views: {
    code: string;
    title: string;
    origin: Vec;
    bounds: { min: Vec; max: Vec };
    scale: IsoScale;
    shapes: Partial<Record<LayerName, readonly [number, number]>>;
  }[];
  layers: Record<LayerName, Shape[]>;
  dimensions: PlacedDimension[];
}
