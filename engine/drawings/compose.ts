import { dimensionBand, dimensionValue, explodeDimension, GAP, ROW_SPACING } from "./dimensions.ts";
import { LAYER_NAMES, type LayerName } from "./layers.ts";
import { CAPITAL_WIDTH, clearOfCircles, obstacleOf, placeDetailLetter, textBox } from "./labels.ts";
import type { DetailLetter, DrawingSheet, DrawingView, PlacedDimension, RevisionEntry, Shape, TitleBlockFields, Vec } from "./model.ts";
import { DrawingFitError, fitsAt, ISO_SCALES, type IsoScale, scaleDenominator, scaleLabel } from "./scale.ts";
import { SHEET_FORMATS, SHEET_ORDER, sheetFrame, type SheetFormat } from "./sheet.ts";
import { TITLE_BLOCK_WIDTH, titleBlock, titleBlockHeight } from "./title-block.ts";

const VIEW_SPACING = 15;
const VIEW_TITLE = 5;
/** Space under a view for its title. */
const TITLE_BAND = VIEW_TITLE + 4;

export interface SheetRequest {
  format: SheetFormat;
  scale: IsoScale | "auto";
  title_block: TitleBlockFields;
  /** Every revision so far, oldest first; the last is the current one. */
  revisions: RevisionEntry[];
}

/** Paper mm each view needs around its object, from its dimension rows. */
function bands(view: DrawingView) {
  const rows = (side: string) => Math.max(0, ...view.dimensions.filter((d) => d.side === side).map((d) => d.row + 1));
  return {
    left: dimensionBand(rows("left")),
    right: dimensionBand(rows("right")),
    below: dimensionBand(rows("below")) + TITLE_BAND,
    above: dimensionBand(rows("above")),
  };
}

/** How many views stand in a row: all of them side by side, then fewer per row, down to one above the other. */
type Arrangement = number;

/** The scale a view is drawn at on a sheet at `sheetScale`: its own (a detail) or the sheet's. */
const scaleOf = (v: DrawingView, sheetScale: IsoScale) => v.scale ?? sheetScale;

/** The title printed under a view: upper case, a detail's own scale after it (ISO 5455). */
const titleText = (v: DrawingView) => (v.scale ? `${v.title.toUpperCase()} (${v.scale})` : v.title.toUpperCase());

/** Paper width of a view with its dimension bands, without its title. */
function drawnWidth(v: DrawingView, sheetScale: IsoScale) {
  const b = bands(v);
  return (v.bounds.max[0] - v.bounds.min[0]) / scaleDenominator(scaleOf(v, sheetScale)) + b.left + b.right;
}

/** Paper size of one view with its dimension bands, at least as wide as its title. */
function viewSize(v: DrawingView, sheetScale: IsoScale) {
  const n = scaleDenominator(scaleOf(v, sheetScale));
  const b = bands(v);
  const title = titleText(v).length * CAPITAL_WIDTH * VIEW_TITLE;
  return { width: Math.max(drawnWidth(v, sheetScale), title), height: (v.bounds.max[1] - v.bounds.min[1]) / n + b.below + b.above };
}

/** The views in rows of `perRow`, in order. */
const rowsOf = <T>(items: T[], perRow: number) => Array.from({ length: Math.ceil(items.length / perRow) }, (_, i) => items.slice(i * perRow, (i + 1) * perRow));

/** Paper size of a row of views: side by side, tops aligned. */
function rowSize(views: DrawingView[], sheetScale: IsoScale) {
  const sizes = views.map((v) => viewSize(v, sheetScale));
  return { width: sizes.reduce((s, z) => s + z.width, 0) + VIEW_SPACING * (views.length - 1), height: Math.max(...sizes.map((z) => z.height)) };
}

/** The views arranged at a sheet scale: total paper width and height. */
function groupSize(views: DrawingView[], sheetScale: IsoScale, perRow: Arrangement) {
  const rows = rowsOf(views, perRow).map((r) => rowSize(r, sheetScale));
  return { width: Math.max(...rows.map((r) => r.width)), height: rows.reduce((s, r) => s + r.height, 0) + VIEW_SPACING * (rows.length - 1) };
}

/** Where views may go: above the title block across the frame, or beside it full height. */
function regions(format: SheetFormat, revisions: number) {
  const { inner } = sheetFrame(format);
  const tb = titleBlockHeight(revisions);
  return [
    { x0: inner.x0, y0: inner.y0 + tb, x1: inner.x1, y1: inner.y1 },
    { x0: inner.x0, y0: inner.y0, x1: inner.x1 - TITLE_BLOCK_WIDTH, y1: inner.y1 },
  ];
}

type Region = { x0: number; y0: number; x1: number; y1: number };

/** Where and how the views fit at `scale`, side by side preferred, or null. */
function regionFor(views: DrawingView[], format: SheetFormat, revisions: number, scale: IsoScale): { region: Region; arrangement: Arrangement } | null {
  for (let perRow = views.length; perRow >= 1; perRow--) {
    const size = groupSize(views, scale, perRow);
    const region = regions(format, revisions).find((r) => fitsAt("1:1", size.width, size.height, 0, { width: r.x1 - r.x0, height: r.y1 - r.y0 }));
    if (region) return { region, arrangement: perRow };
  }
  return null;
}

/** The scale most of a sheet's own-scale views use (the first of equals), for its title block. */
function mainScale(views: DrawingView[]): IsoScale {
  const counts = new Map<IsoScale, number>();
  for (const v of views) if (v.scale) counts.set(v.scale, (counts.get(v.scale) ?? 0) + 1);
  return [...counts.entries()].reduce((best, e) => (e[1] > best[1] ? e : best))[0];
}

type Fit = {
  region: Region;
  arrangement: Arrangement;
  /** Revision rows the table lists (the latest). */
  shown: number;
};

/**
 * Where the views fit at a scale that is given (a revision keeps its sheet's): with the whole revision
 * table, else with fewer of its latest rows (at least the current revision's) — a sheet revised again
 * and again would otherwise lose the room its views had at the first issue. The drawing's revision
 * history keeps every revision.
 */
function fitKeepingScale(views: DrawingView[], format: SheetFormat, revisions: number, scale: IsoScale): Fit | null {
  for (let shown = revisions; shown >= Math.min(revisions, 1); shown--) {
    const fit = regionFor(views, format, shown, scale);
    if (fit) return { ...fit, shown };
  }
  return null;
}

function chooseScale(views: DrawingView[], req: SheetRequest): { scale: IsoScale } & Fit {
  const revisions = req.revisions.length;
  if (views.every((v) => v.scale)) {
    // Every view keeps its own scale (details): only the sheet can be too small.
    const scale = mainScale(views);
    const fit = fitKeepingScale(views, req.format, revisions, scale);
    if (fit) return { scale, ...fit };
    const sheet = SHEET_ORDER.find((f) => regionFor(views, f, revisions, scale)) ?? null;
    throw new DrawingFitError(`The views do not fit an ${req.format} sheet at their scales${sheet ? `: use an ${sheet} sheet` : ""}.`, "sheet", null, sheet);
  }
  const largest = (format: SheetFormat) => ISO_SCALES.find((s) => regionFor(views, format, revisions, s));
  if (req.scale !== "auto") {
    const fit = fitKeepingScale(views, req.format, revisions, req.scale);
    if (fit) return { scale: req.scale, ...fit };
    const scale = req.scale;
    const suggested = largest(req.format) ?? null;
    const sheet = SHEET_ORDER.find((f) => regionFor(views, f, revisions, scale)) ?? null;
    const hint = suggested ? `use ${suggested}` : sheet ? `use an ${sheet} sheet` : "no standard sheet holds it";
    throw new DrawingFitError(`The view does not fit an ${req.format} sheet at ${req.scale}: ${hint}.`, "scale", suggested, sheet);
  }
  const scale = largest(req.format);
  const fit = scale && regionFor(views, req.format, revisions, scale);
  if (scale && fit) return { scale, ...fit, shown: revisions };
  const sheet = SHEET_ORDER.find((f) => largest(f)) ?? null;
  const suggested = (sheet && largest(sheet)) || null;
  throw new DrawingFitError(
    `The view does not fit an ${req.format} sheet even at ${ISO_SCALES.at(-1)}${sheet ? `: use an ${sheet} sheet at ${suggested}` : ""}.`,
    "sheet",
    suggested,
    sheet,
  );
}

/**
 * Lay views out side by side (or in rows of fewer, down to stacked, when a row does not fit) on an ISO sheet at one
 * scale (the requested one, or with "auto" the largest standard scale that fits; a detail keeps its own), centred in
 * the space the title block leaves, and build the sheet every writer reads.
 */
export function composeSheet(views: DrawingView[], req: SheetRequest): DrawingSheet {
  const { scale, region, arrangement, shown } = chooseScale(views, req);
  const { width: W, height: H } = SHEET_FORMATS[req.format];
  const frame = sheetFrame(req.format);
  const layers = Object.fromEntries(LAYER_NAMES.map((l) => [l, [] as Shape[]])) as Record<LayerName, Shape[]>;
  layers.SHEET.push(...frame.sheet);
  layers.FRAME.push(...frame.frame);
  layers.GRID.push(...frame.grid);
  layers.TITLE.push(...titleBlock(frame.inner.x1, frame.inner.y0, req.title_block, req.revisions.slice(req.revisions.length - shown), scaleLabel(scale)));

  const size = groupSize(views, scale, arrangement);
  const left = (region.x0 + region.x1 - size.width) / 2;
  let yTop = (region.y0 + region.y1 + size.height) / 2;
  const dimensions: PlacedDimension[] = [];
  const placedViews: DrawingSheet["views"] = [];
  const letters: { mark: DetailLetter; toPaper: (p: Vec) => Vec; n: number }[] = [];
  for (const row of rowsOf(views, arrangement)) {
    const rs = rowSize(row, scale);
    // Each row is centred across the group's width, its views' tops aligned.
    let x = left + (size.width - rs.width) / 2;
    for (const view of row) {
      const viewScale = scaleOf(view, scale);
      // A view narrower than its title stands in the middle of the title's width.
      const inset = (viewSize(view, scale).width - drawnWidth(view, scale)) / 2;
      const before = Object.fromEntries(LAYER_NAMES.map((l) => [l, layers[l].length])) as Record<LayerName, number>;
      const place = placeView(view, viewScale, x + inset, yTop, layers, dimensions);
      const shapes = Object.fromEntries(LAYER_NAMES.filter((l) => layers[l].length > before[l]).map((l) => [l, [before[l], layers[l].length] as const]));
      placedViews.push({ code: view.code, title: view.title, origin: place.origin, bounds: view.bounds, scale: viewScale, shapes });
      for (const mark of view.marks ?? []) letters.push({ mark, toPaper: place.toPaper, n: scaleDenominator(viewScale) });
      x += viewSize(view, scale).width + VIEW_SPACING;
    }
    yTop -= rs.height + VIEW_SPACING;
  }
  // A dimension value a detail circle runs through slides along its line, out of the circle.
  const circles = letters.map(({ mark, toPaper, n }) => ({ c: toPaper(mark.centre), r: mark.radius / n }));
  for (const d of dimensions) {
    const moved = clearOfCircles(d.text, d.axis, d.span, circles);
    if (moved === d.text) continue;
    layers.DIMENSIONS[layers.DIMENSIONS.indexOf(d.text)] = moved;
    d.text = moved;
  }
  // Detail letters go on last, once every dimension and title is on the sheet, beside their circles and clear of them.
  const lines = layers.DIMENSIONS.filter((s) => s.kind !== "text").flatMap((s) => obstacleOf(s) ?? []);
  const texts = [...layers.DIMENSIONS, ...layers.TEXT].flatMap((s) => (s.kind === "text" ? [textBox(s)] : []));
  for (const { mark, toPaper, n } of letters) {
    const letter = placeDetailLetter(mark.letter, toPaper(mark.centre), mark.radius / n, region, lines, texts);
    layers.TEXT.push(letter);
    texts.push(textBox(letter));
  }
  return {
    format: req.format,
    width: W,
    height: H,
    scale,
    title_block: req.title_block,
    revision: req.revisions.at(-1)?.revision ?? "A",
    revisions: req.revisions,
    views: placedViews,
    layers,
    dimensions,
  };
}

/**
 * Draw one view with its top-left band corner at (x, yTop) paper mm, at 1:n of `viewScale`: its shapes, its
 * dimensions in their rows and its title below (with its own scale after it when it has one, ISO 5455).
 */
function placeView(view: DrawingView, viewScale: IsoScale, x: number, yTop: number, layers: Record<LayerName, Shape[]>, dimensions: PlacedDimension[]) {
  const n = scaleDenominator(viewScale);
  const b = bands(view);
  const w = (view.bounds.max[0] - view.bounds.min[0]) / n;
  const h = (view.bounds.max[1] - view.bounds.min[1]) / n;
  const origin: Vec = [x + b.left, yTop - b.above - h];
  const toPaper = (p: Vec): Vec => [origin[0] + (p[0] - view.bounds.min[0]) / n, origin[1] + (p[1] - view.bounds.min[1]) / n];
  for (const { layer, shape } of view.shapes) layers[layer].push(mapShape(shape, toPaper, n));

  // Each row's extent along its axis, to tell a row's last dimension.
  const along = (d: (typeof view.dimensions)[number]) => (d.axis === "x" ? [d.p1[0], d.p2[0]] : [d.p1[1], d.p2[1]]);
  const rows = new Map<string, [number, number]>();
  for (const d of view.dimensions) {
    const key = `${d.side}:${d.row}`;
    const [lo, hi] = rows.get(key) ?? [Infinity, -Infinity];
    rows.set(key, [Math.min(lo, ...along(d)), Math.max(hi, ...along(d))]);
  }
  for (const d of view.dimensions) {
    const offset = GAP + ROW_SPACING * d.row;
    const lineAt =
      d.side === "below" ? origin[1] - offset : d.side === "above" ? origin[1] + h + offset : d.side === "left" ? origin[0] - offset : origin[0] + w + offset;
    const [lo, hi] = rows.get(`${d.side}:${d.row}`) ?? [0, 0];
    const last = Math.max(...along(d)) === hi && Math.min(...along(d)) !== lo;
    const { shapes, placed } = explodeDimension(d.axis, toPaper(d.p1), toPaper(d.p2), lineAt, dimensionValue(d), last);
    layers.DIMENSIONS.push(...shapes);
    dimensions.push(placed);
  }
  layers.TEXT.push({
    kind: "text",
    at: [origin[0] + w / 2, origin[1] - b.below + 2],
    height: VIEW_TITLE,
    text: titleText(view),
    align: "center",
    rotation: 0,
  });
  return { origin, toPaper };
}

/** A view shape in real mm → paper mm; text keeps its paper height. */
function mapShape(s: Shape, toPaper: (p: Vec) => Vec, n: number): Shape {
  switch (s.kind) {
    case "line":
      return { kind: "line", a: toPaper(s.a), b: toPaper(s.b) };
    case "polyline":
      return { kind: "polyline", points: s.points.map(toPaper), closed: s.closed };
    case "fill":
      return { kind: "fill", points: s.points.map(toPaper) };
    case "circle":
      return { kind: "circle", c: toPaper(s.c), r: s.r / n };
    case "arc":
      return { kind: "arc", c: toPaper(s.c), r: s.r / n, start: s.start, end: s.end };
    case "text":
      return { ...s, at: toPaper(s.at) };
  }
}
