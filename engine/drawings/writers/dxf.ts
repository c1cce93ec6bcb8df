import {
  DxfLayer,
  DxfRecord,
  DxfWriter,
  type Dxfier,
  HatchBoundaryPaths,
  HatchPolylineBoundary,
  HatchPredefinedPatterns,
  LWPolylineFlags,
  pattern,
  TextHorizontalAlignment,
  TextVerticalAlignment,
  Units,
} from "@tarikjabiri/dxf";
import { LAYER_NAMES, LAYERS } from "../layers.ts";
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

/**
 * The sheet as DXF for the shop's CAD, in true model units: millimetres
 * ($INSUNITS 4) at 1:1, so the door measures its real size. The sheet frame,
 * title block and every annotation are drawn at the sheet's scale around it
 * (paper mm × n), the way a model-space drawing is set up for plotting at 1:n.
 * One DXF layer per drawing layer with its ISO line weight and line type;
 * dimensions as explicit lines, filled arrowheads (solid hatches) and TEXT on DIMENSIONS.
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

  const toModel = (p: readonly [number, number]) => ({ x: p[0] * n, y: p[1] * n, z: 0 });
  for (const name of LAYER_NAMES) {
    const opts = { layerName: name };
    for (const s of sheet.layers[name]) emit(dxf, s, toModel, n, opts);
  }
  return dxf.stringify();
}

function emit(
  dxf: DxfWriter,
  s: Shape,
  toModel: (p: readonly [number, number]) => { x: number; y: number; z: number },
  n: number,
  opts: { layerName: string },
) {
  switch (s.kind) {
    case "line":
      dxf.addLine(toModel(s.a), toModel(s.b), opts);
      return;
    case "polyline":
      dxf.addLWPolyline(
        s.points.map((p) => ({ point: toModel(p) })),
        { ...opts, flags: s.closed ? LWPolylineFlags.Closed : LWPolylineFlags.None },
      );
      return;
    case "circle":
      dxf.addCircle(toModel(s.c), s.r * n, opts);
      return;
    case "arc":
      dxf.addArc(toModel(s.c), s.r * n, s.start, s.end, opts);
      return;
    case "fill": {
      const paths = new HatchBoundaryPaths();
      paths.addPolylineBoundary(new HatchPolylineBoundary(s.points.map((p) => ({ x: p[0] * n, y: p[1] * n }))));
      dxf.addHatch(paths, pattern({ name: HatchPredefinedPatterns.SOLID }), opts);
      return;
    }
    case "text": {
      const horizontalAlignment =
        s.align === "left" ? TextHorizontalAlignment.Left : s.align === "right" ? TextHorizontalAlignment.Right : TextHorizontalAlignment.Center;
      dxf.addText(toModel(s.at), s.height * n, s.text, {
        ...opts,
        rotation: s.rotation,
        horizontalAlignment,
        verticalAlignment: TextVerticalAlignment.BaseLine,
        // A centred or right-aligned TEXT is placed by its second alignment point.
        secondAlignmentPoint: s.align === "left" ? undefined : toModel(s.at),
      });
      return;
    }
  }
}
