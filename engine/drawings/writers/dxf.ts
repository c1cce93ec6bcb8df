import {
  DxfLayer,
  DxfRecord,
  DxfWriter,
  type Dxfier,
  type EntitiesManager,
  HatchBoundaryPaths,
  HatchPolylineBoundary,
  HatchPredefinedPatterns,
  LWPolylineFlags,
  pattern,
  TextHorizontalAlignment,
  TextVerticalAlignment,
  Units,
} from "@tarikjabiri/dxf";
import { LAYER_NAMES, LAYERS, type LayerName } from "../layers.ts";
import type { DrawingSheet, Shape } from "../model.ts";
import { scaleDenominator } from "../scale.ts";

/**
 * A layer record that carries its ISO 128-2 line weight (group 370, in
 * 1/100 mm); the library's own writes 0 ("by default") for every layer.
 */
class WeightedLayer extends DxfLayer {
  private readonly lineweight: number;

  constructor(name: string, lineType: string, lineweight: number) {
    super(name, 7, lineType);
    this.lineweight = lineweight;
  }

  override dxfy(dx: Dxfier): void {
    DxfRecord.prototype.dxfy.call(this, dx);
    dx.subclassMarker("AcDbLayerTableRecord");
    dx.name(this.name);
    dx.push(70, this.flags);
    dx.colorNumber(this.colorNumber);
    dx.lineType(this.lineType);
    dx.push(370, this.lineweight);
  }
}

/** Where a shape is written: model space or a view's block, with the mapping from paper mm and the length factor. */
interface Target {
  into: EntitiesManager;
  at: (p: readonly [number, number]) => { x: number; y: number; z: number };
  /** Model (or block) units per paper mm. */
  k: number;
  opts: { lineTypeScale?: number };
}

/**
 * The sheet as DXF for the shop's CAD, in true model units: millimetres
 * ($INSUNITS 4). Model space is the sheet set up for plotting at 1:n, the
 * sheet's scale: frame, title block and every annotation drawn at paper mm × n
 * around views at 1:1, so a view at the sheet's scale measures its real size.
 * A view at its own scale 1:m (a detail, ISO 5455) is a block drawn at 1:1 —
 * its geometry, dimensions and title, so its dimensions measure real sizes —
 * inserted at its place enlarged n/m times, so the plot at 1:n still shows the
 * sheet as drawn. One DXF layer per drawing layer with its ISO line weight
 * and line type; dimensions as explicit lines, filled arrowheads (solid
 * hatches) and TEXT on DIMENSIONS.
 */
export function sheetToDxf(sheet: DrawingSheet): string {
  const n = scaleDenominator(sheet.scale);
  const dxf = new DxfWriter();
  dxf.setUnits(Units.Millimeters);
  dxf.setVariable("$MEASUREMENT", { 70: 1 });
  dxf.setVariable("$LWDISPLAY", { 290: 1 });
  dxf.setVariable("$EXTMIN", { 10: 0, 20: 0, 30: 0 });
  dxf.setVariable("$EXTMAX", { 10: sheet.width * n, 20: sheet.height * n, 30: 0 });

  const table = dxf.tables.layerTable;
  for (const name of LAYER_NAMES) {
    const { weight, dash } = LAYERS[name];
    let lineType = "Continuous";
    if (dash) {
      lineType = `ISO_${name}`;
      // Dashes are set out in model units, so they read right when plotted at 1:n.
      dxf.addLType(
        lineType,
        LAYERS[name].description,
        dash.map((d, i) => (i % 2 === 0 ? d * n : -d * n)),
      );
    }
    const layer = new WeightedLayer(name, lineType, Math.round(weight * 100));
    layer.ownerObjectHandle = table.handle;
    table.records.push(layer);
  }

  const model: Target = { into: dxf.modelSpace, at: (p) => ({ x: p[0] * n, y: p[1] * n, z: 0 }), k: n, opts: {} };
  // Each view at its own scale: a block at 1:1, inserted at its place n/m times.
  const blocks = sheet.views.flatMap((v) => {
    const m = scaleDenominator(v.scale);
    if (m === n) return [];
    const block = dxf.addBlock(`VIEW_${v.code.replace(/[^A-Z0-9]/gi, "_")}`);
    block.basePoint = { x: v.bounds.min[0], y: v.bounds.min[1], z: 0 };
    dxf.addInsert(block.name, { x: v.origin[0] * n, y: v.origin[1] * n, z: 0 }, { scaleFactor: { x: n / m, y: n / m, z: 1 }, layerName: "0" });
    const target: Target = {
      into: block,
      at: (p) => ({ x: v.bounds.min[0] + (p[0] - v.origin[0]) * m, y: v.bounds.min[1] + (p[1] - v.origin[1]) * m, z: 0 }),
      k: m,
      // Dash lengths scale with the insert: m/n here makes them n on the plot, as everywhere else.
      opts: { lineTypeScale: m / n },
    };
    return [{ shapes: v.shapes, target }];
  });
  const targetOf = (layer: LayerName, i: number) =>
    blocks.find((b) => {
      const range = b.shapes[layer];
      return range !== undefined && i >= range[0] && i < range[1];
    })?.target ?? model;
  for (const name of LAYER_NAMES) {
    for (const [i, s] of sheet.layers[name].entries()) emit(s, targetOf(name, i), name);
  }
  return dxf.stringify();
}

function emit(s: Shape, { into, at, k, opts: extra }: Target, layerName: string) {
  const opts = { layerName, ...extra };
  switch (s.kind) {
    case "line":
      into.addLine(at(s.a), at(s.b), opts);
      return;
    case "polyline":
      into.addLWPolyline(
        s.points.map((p) => ({ point: at(p) })),
        { ...opts, flags: s.closed ? LWPolylineFlags.Closed : LWPolylineFlags.None },
      );
      return;
    case "circle":
      into.addCircle(at(s.c), s.r * k, opts);
      return;
    case "arc":
      into.addArc(at(s.c), s.r * k, s.start, s.end, opts);
      return;
    case "fill": {
      const paths = new HatchBoundaryPaths();
      paths.addPolylineBoundary(new HatchPolylineBoundary(s.points.map((p) => at(p))));
      into.addHatch(paths, pattern({ name: HatchPredefinedPatterns.SOLID }), opts);
      return;
    }
    case "text": {
      const horizontalAlignment =
        s.align === "left" ? TextHorizontalAlignment.Left : s.align === "right" ? TextHorizontalAlignment.Right : TextHorizontalAlignment.Center;
      into.addText(at(s.at), s.height * k, s.text, {
        ...opts,
        rotation: s.rotation,
        horizontalAlignment,
        verticalAlignment: TextVerticalAlignment.BaseLine,
        // A centred or right-aligned TEXT is placed by its second alignment point.
        secondAlignmentPoint: s.align === "left" ? undefined : at(s.at),
      });
      return;
    }
  }
}
