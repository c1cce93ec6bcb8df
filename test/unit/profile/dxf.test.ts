import { describe, expect, it } from "vitest";
import { analyzeProfile, readProfile } from "../../../engine/mesh/profile/index.ts";
import { arc, block, circle, distanceToPolyline, dxf, ellipse, insert, line, lwpolyline, polyline, rectangle, spline, text } from "./fixtures.ts";

const TOL = 0.01;
const read = (file: string, options: { units?: "mm" | "in"; tolerance?: number } = {}) => analyzeProfile(file, { format: "dxf", ...options });

describe("DXF rectangles with holes", () => {
  it("measures cut length, net area and one pierce per contour exactly", () => {
    const a = read(dxf(rectangle(0, 0, 100, 60) + circle([20, 30], 5) + circle([70, 30], 8)));
    expect(a.kind).toBe("profile");
    expect(a.format).toBe("dxf");
    expect(a.closed_contours).toBe(3);
    expect(a.open_paths).toBe(0);
    expect(a.cut_length_mm).toBeCloseTo(2 * (100 + 60) + 2 * Math.PI * (5 + 8), 9);
    expect(a.net_area_mm2).toBeCloseTo(100 * 60 - Math.PI * (5 * 5 + 8 * 8), 9);
    expect(a.bbox_mm).toEqual({ min: [0, 0], max: [100, 60], size: [100, 60] });
    expect(a.entity_count).toBe(3);
    expect(a.min_inner_radius_mm).toBeCloseTo(5, 9);
    // The web between the small hole and the left edge: 20 − 5.
    expect(a.min_gap_mm).toBeGreaterThanOrEqual(15 - 1e-9);
    expect(a.min_gap_mm).toBeLessThanOrEqual(15 + TOL);
    expect(a.min_feature_mm).toBeCloseTo(5, 9);
  });

  it("chains loose LINEs in any order and direction into one closed contour", () => {
    const file = dxf(line([40, 0], [40, 25]) + line([0, 0], [40, 0]) + line([0, 25], [40, 25]) + line([0, 0], [0, 25]));
    const a = read(file);
    expect(a.closed_contours).toBe(1);
    expect(a.open_paths).toBe(0);
    expect(a.cut_length_mm).toBeCloseTo(130, 12);
    expect(a.net_area_mm2).toBeCloseTo(1000, 9);
  });

  it("joins ends that miss each other by less than the join tolerance", () => {
    const file = dxf(line([0, 0], [10, 0]) + line([10.004, 0.003], [10, 10]) + line([10, 10], [0, 10]) + line([0, 10], [0.002, 0]));
    expect(read(file).closed_contours).toBe(1);
  });

  it("counts islands inside holes as material again (even-odd)", () => {
    const a = read(dxf(rectangle(0, 0, 100, 100) + rectangle(20, 20, 60, 60) + rectangle(40, 40, 20, 20)));
    expect(a.closed_contours).toBe(3);
    expect(a.net_area_mm2).toBeCloseTo(100 * 100 - 60 * 60 + 20 * 20, 9);
  });
});

describe("DXF arcs and bulges", () => {
  it("gives a slot of two bulge-1 semicircles its exact length and area", () => {
    const slot = lwpolyline(
      [
        [0, 0],
        [40, 0, 1],
        [40, 10],
        [0, 10, 1],
      ],
      true,
    );
    const a = read(dxf(slot));
    expect(a.closed_contours).toBe(1);
    expect(a.cut_length_mm).toBeCloseTo(2 * 40 + Math.PI * 10, 10);
    expect(a.net_area_mm2).toBeCloseTo(40 * 10 + Math.PI * 25, 9);
    expect(a.bbox_mm.min[0]).toBeCloseTo(-5, 9);
    expect(a.bbox_mm.max[0]).toBeCloseTo(45, 9);
  });

  it("uses θ = 4·atan|b| and r = c(1+b²)/(4|b|) for any bulge, on either side", () => {
    const c = 30;
    for (const b of [0.4, -0.4, 2.5, -0.05]) {
      const theta = 4 * Math.atan(Math.abs(b));
      const r = (c * (1 + b * b)) / (4 * Math.abs(b));
      const a = read(
        dxf(
          lwpolyline(
            [
              [0, 0, b],
              [c, 0],
            ],
            true,
          ),
        ),
      );
      expect(a.cut_length_mm).toBeCloseTo(c + r * theta, 9);
      // Circular segment: r²/2·(θ − sin θ).
      expect(a.net_area_mm2).toBeCloseTo((r * r * (theta - Math.sin(theta))) / 2, 8);
      // Positive bulges run counter-clockwise from (0,0) to (c,0), so the arc dips below the chord.
      const sagitta = (Math.abs(b) * c) / 2;
      const extreme = b > 0 ? -a.bbox_mm.min[1] : a.bbox_mm.max[1];
      expect(extreme).toBeGreaterThan(sagitta - TOL);
      expect(extreme).toBeLessThanOrEqual(sagitta + 1e-9);
    }
  });

  it("reads old-style POLYLINE/VERTEX bulges like LWPOLYLINE", () => {
    const vertices: Array<[number, number, number] | [number, number]> = [
      [0, 0],
      [40, 0, 1],
      [40, 10],
      [0, 10, 1],
    ];
    const old = read(dxf(polyline(vertices, true)));
    const lw = read(dxf(lwpolyline(vertices, true)));
    expect(old.cut_length_mm).toBeCloseTo(lw.cut_length_mm, 12);
    expect(old.net_area_mm2).toBeCloseTo(lw.net_area_mm2, 12);
    expect(old.closed_contours).toBe(1);
  });

  it("joins ARCs and LINEs into a rounded rectangle with exact length and area", () => {
    const r = 5;
    const [w, h] = [50, 30];
    const rounded =
      line([r, 0], [w - r, 0]) +
      line([w, r], [w, h - r]) +
      line([w - r, h], [r, h]) +
      line([0, h - r], [0, r]) +
      arc([w - r, r], r, 270, 0) +
      arc([w - r, h - r], r, 0, 90) +
      arc([r, h - r], r, 90, 180) +
      arc([r, r], r, 180, 270);
    const a = read(dxf(rounded));
    expect(a.closed_contours).toBe(1);
    expect(a.cut_length_mm).toBeCloseTo(2 * (w - 2 * r) + 2 * (h - 2 * r) + 2 * Math.PI * r, 9);
    expect(a.net_area_mm2).toBeCloseTo(w * h - (4 - Math.PI) * r * r, 8);
    // Convex corners of the part are not inner radii.
    expect(a.min_inner_radius_mm).toBeNull();
  });

  it("finds the corner radius of a rounded cut-out as the smallest inner radius", () => {
    const hole = lwpolyline(
      [
        [20, 10],
        [60, 10, Math.tan(Math.PI / 8)],
        [63, 13],
        [63, 30, Math.tan(Math.PI / 8)],
        [60, 33],
        [20, 33],
      ],
      true,
    );
    const a = read(dxf(rectangle(0, 0, 100, 50) + hole));
    expect(a.closed_contours).toBe(2);
    expect(a.min_inner_radius_mm).toBeCloseTo(3, 9);
  });

  it("mirrors entities whose extrusion direction is −Z (the OCS)", () => {
    const a = read(dxf(arc([10, 0], 5, 0, 90, "210\n0\n220\n0\n230\n-1\n")));
    expect(a.open_paths).toBe(1);
    expect(a.cut_length_mm).toBeCloseTo((Math.PI * 5) / 2, 10);
    expect(a.bbox_mm.min[0]).toBeCloseTo(-15, 9);
    expect(a.bbox_mm.max[0]).toBeCloseTo(-10, 9);
    expect(a.bbox_mm.max[1]).toBeCloseTo(5, 9);
  });
});

describe("DXF circles, ellipses and splines", () => {
  it("gives a circle 2πr and πr²", () => {
    const a = read(dxf(circle([3, 4], 12.5)));
    expect(a.closed_contours).toBe(1);
    expect(a.cut_length_mm).toBeCloseTo(2 * Math.PI * 12.5, 10);
    expect(a.net_area_mm2).toBeCloseTo(Math.PI * 12.5 * 12.5, 9);
    expect(a.bbox_mm.min[0]).toBeCloseTo(3 - 12.5, 9);
  });

  it("flattens an ELLIPSE within tolerance and gives its exact area", () => {
    const [ra, rb] = [20, 10];
    const { analysis: a, contours } = readProfile(dxf(ellipse([0, 0], [ra, 0], rb / ra)), { format: "dxf" });
    expect(a.net_area_mm2).toBeCloseTo(Math.PI * ra * rb, 8);
    // Ramanujan's second approximation is within 1e-9 relative for this aspect ratio.
    const h = ((ra - rb) / (ra + rb)) ** 2;
    const perimeter = Math.PI * (ra + rb) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
    expect(a.cut_length_mm).toBeCloseTo(perimeter, 6);
    expect(a.bbox_mm).toEqual({ min: [-ra, -rb], max: [ra, rb], size: [2 * ra, 2 * rb] });
    for (let t = 0; t < 2 * Math.PI; t += 0.01) {
      expect(distanceToPolyline(ra * Math.cos(t), rb * Math.sin(t), contours[0].points, true)).toBeLessThanOrEqual(TOL + 1e-9);
    }
  });

  it("flattens a half ELLIPSE closed by a LINE to half the area", () => {
    const a = read(dxf(ellipse([0, 0], [0, 30], 0.5, 0, Math.PI) + line([0, 30], [0, -30])));
    expect(a.closed_contours).toBe(1);
    expect(a.net_area_mm2).toBeCloseTo((Math.PI * 30 * 15) / 2, 8);
    // The major axis points up, so the half from parameter 0 to π bulges to −x.
    expect(a.bbox_mm.min[0]).toBeCloseTo(-15, 9);
  });

  it("follows a cubic B-spline (y = x³) within the chordal tolerance", () => {
    const s = 40;
    // Bernstein coefficients of x = s·t, y = s·t³.
    const control: Array<[number, number]> = [
      [0, 0],
      [s / 3, 0],
      [(2 * s) / 3, 0],
      [s, s],
    ];
    const { analysis: a, contours } = readProfile(dxf(spline(3, [0, 0, 0, 0, 1, 1, 1, 1], control)), { format: "dxf" });
    expect(a.open_paths).toBe(1);
    const pts = contours[0].points;
    for (let i = 0; i < pts.length; i += 2) expect(pts[i + 1]).toBeCloseTo(s * (pts[i] / s) ** 3, 9);
    let exactLength = 0;
    for (let i = 0; i <= 2000; i++) {
      const t = i / 2000;
      expect(distanceToPolyline(s * t, s * t ** 3, pts, false)).toBeLessThanOrEqual(TOL + 1e-9);
      if (i > 0) exactLength += Math.hypot(s / 2000, s * (t ** 3 - ((i - 1) / 2000) ** 3));
    }
    expect(Math.abs(a.cut_length_mm - exactLength)).toBeLessThan(0.01);
  });

  it("evaluates a rational NURBS circle exactly at its points and within tolerance between", () => {
    const r = 25;
    const w = Math.SQRT1_2;
    const control: Array<[number, number]> = [
      [r, 0],
      [r, r],
      [0, r],
      [-r, r],
      [-r, 0],
      [-r, -r],
      [0, -r],
      [r, -r],
      [r, 0],
    ];
    const knots = [0, 0, 0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 1, 1, 1];
    const { analysis: a, contours } = readProfile(dxf(spline(2, knots, control, [1, w, 1, w, 1, w, 1, w, 1])), { format: "dxf" });
    expect(a.closed_contours).toBe(1);
    const pts = contours[0].points;
    for (let i = 0; i < pts.length; i += 2) expect(Math.hypot(pts[i], pts[i + 1])).toBeCloseTo(r, 9);
    for (let t = 0; t < 2 * Math.PI; t += 0.005) {
      expect(distanceToPolyline(r * Math.cos(t), r * Math.sin(t), pts, true)).toBeLessThanOrEqual(TOL + 1e-9);
    }
    expect(Math.abs(a.cut_length_mm - 2 * Math.PI * r)).toBeLessThan(0.01);
    expect(Math.abs(a.net_area_mm2 - Math.PI * r * r)).toBeLessThan(2 * Math.PI * r * TOL);
  });

  it("honours a finer tolerance with more points", () => {
    const coarse = readProfile(dxf(circle([0, 0], 50)), { format: "dxf", tolerance: 0.1 }).contours[0].points.length;
    const fine = readProfile(dxf(circle([0, 0], 50)), { format: "dxf", tolerance: 0.001 }).contours[0].points.length;
    expect(fine).toBeGreaterThan(coarse * 5);
  });
});

describe("DXF INSERT", () => {
  const square = block("SQ", [5, 5], rectangle(0, 0, 10, 10));

  it("places a block with scale and rotation about its base point", () => {
    const a = read(dxf(insert("SQ", [100, 50], { sx: 2, sy: 3, rotation: 30 }), { blocks: square }));
    expect(a.closed_contours).toBe(1);
    expect(a.net_area_mm2).toBeCloseTo(20 * 30, 9);
    expect(a.cut_length_mm).toBeCloseTo(2 * (20 + 30), 9);
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const halfX = 10 * c + 15 * s;
    const halfY = 10 * s + 15 * c;
    expect(a.bbox_mm.min[0]).toBeCloseTo(100 - halfX, 9);
    expect(a.bbox_mm.max[0]).toBeCloseTo(100 + halfX, 9);
    expect(a.bbox_mm.min[1]).toBeCloseTo(50 - halfY, 9);
    expect(a.bbox_mm.max[1]).toBeCloseTo(50 + halfY, 9);
    expect(a.entity_count).toBe(1);
  });

  it("expands nested blocks and column/row arrays", () => {
    const hole = block("HOLE", [0, 0], circle([0, 0], 2));
    const plate = block("PLATE", [0, 0], rectangle(0, 0, 40, 20) + insert("HOLE", [10, 10], { sx: 1.5, sy: 1.5 }) + insert("HOLE", [30, 10]));
    const a = read(dxf(insert("PLATE", [0, 0], { columns: 3, rows: 2, dx: 50, dy: 30 }), { blocks: hole + plate }));
    expect(a.closed_contours).toBe(6 * 3);
    expect(a.net_area_mm2).toBeCloseTo(6 * (40 * 20 - Math.PI * (3 * 3 + 2 * 2)), 8);
    expect(a.bbox_mm.max).toEqual([140, 50]);
    expect(a.min_inner_radius_mm).toBeCloseTo(2, 9);
    // The 3 mm hole stands 7 mm off the plate's edge (plates are 10 apart); flattened circles
    // measure the gap between polygons, which is at most the tolerance wider.
    expect(a.min_gap_mm).toBeGreaterThanOrEqual(7 - 1e-9);
    expect(a.min_gap_mm).toBeLessThanOrEqual(7 + TOL);
  });

  it("mirrors a block inserted with a negative scale", () => {
    const tri = block(
      "TRI",
      [0, 0],
      lwpolyline(
        [
          [0, 0],
          [10, 0],
          [0, 5],
        ],
        true,
      ),
    );
    const a = read(dxf(insert("TRI", [0, 0], { sx: -1 }), { blocks: tri }));
    expect(a.bbox_mm.min[0]).toBeCloseTo(-10, 12);
    expect(a.net_area_mm2).toBeCloseTo(25, 12);
  });
});

describe("DXF units", () => {
  const part = rectangle(0, 0, 2, 1) + circle([1, 0.5], 0.25);
  const area = 2 - Math.PI * 0.0625;

  it("reads $INSUNITS = 1 as inches", () => {
    const a = read(dxf(part, { insunits: 1 }));
    expect(a.source_units).toBe("in");
    expect(a.unit_scale_mm).toBe(25.4);
    expect(a.net_area_mm2).toBeCloseTo(area * 25.4 * 25.4, 8);
    expect(a.cut_length_mm).toBeCloseTo((6 + 2 * Math.PI * 0.25) * 25.4, 9);
    expect(a.bbox_mm.size).toEqual([2 * 25.4, 25.4]);
  });

  it("reads centimetres and metres as millimetres", () => {
    expect(read(dxf(part, { insunits: 5 })).net_area_mm2).toBeCloseTo(area * 100, 8);
    const m = read(dxf(part, { insunits: 6 }));
    expect(m.source_units).toBe("mm");
    expect(m.net_area_mm2).toBeCloseTo(area * 1e6, 3);
  });

  it("applies the customer's stated unit only when the drawing has none", () => {
    expect(read(dxf(part), { units: "in" }).net_area_mm2).toBeCloseTo(area * 25.4 * 25.4, 8);
    expect(read(dxf(part, { insunits: 0 }), { units: "in" }).source_units).toBe("in");
    const mm = read(dxf(part, { insunits: 4 }), { units: "in" });
    expect(mm.source_units).toBe("mm");
    expect(mm.net_area_mm2).toBeCloseTo(area, 12);
  });
});

describe("DXF open paths and ignored entities", () => {
  it("counts paths that do not close", () => {
    const a = read(
      dxf(
        rectangle(0, 0, 10, 10) +
          line([20, 0], [30, 0]) +
          lwpolyline(
            [
              [40, 0],
              [50, 0],
              [50, 10],
            ],
            false,
          ),
      ),
    );
    expect(a.closed_contours).toBe(1);
    expect(a.open_paths).toBe(2);
    expect(a.net_area_mm2).toBeCloseTo(100, 12);
    expect(a.cut_length_mm).toBeCloseTo(40 + 10 + 20, 12);
  });

  it("skips text and paper-space entities", () => {
    const paper = `0\nCIRCLE\n67\n1\n10\n0\n20\n0\n40\n500\n`;
    const a = read(dxf(rectangle(0, 0, 10, 10) + text([1, 1], "PART-7") + paper));
    expect(a.closed_contours).toBe(1);
    expect(a.ignored_entities).toBe(1);
    expect(a.bbox_mm.max).toEqual([10, 10]);
  });

  it("keeps area and length exact far from the origin", () => {
    const near = read(dxf(rectangle(0, 0, 30, 20) + circle([10, 10], 4)));
    const far = read(dxf(rectangle(1e6, 2e6, 30, 20) + circle([1e6 + 10, 2e6 + 10], 4)));
    expect(far.net_area_mm2).toBeCloseTo(near.net_area_mm2, 6);
    expect(far.cut_length_mm).toBeCloseTo(near.cut_length_mm, 6);
  });
});
