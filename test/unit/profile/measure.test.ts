import { describe, expect, it } from "vitest";
import { analyzeProfile, detectProfileFormat, readProfile } from "../../../engine/mesh/profile/index.ts";
import { circle, dxf, lwpolyline, rectangle, svg } from "./fixtures.ts";

describe("min_feature_mm", () => {
  it("is the gap between two contours when no hole has an arc", () => {
    const a = analyzeProfile(dxf(rectangle(0, 0, 100, 100) + rectangle(10, 10, 30, 30) + rectangle(42.5, 10, 30, 30)), { format: "dxf" });
    expect(a.min_inner_radius_mm).toBeNull();
    expect(a.min_gap_mm).toBeCloseTo(2.5, 12);
    expect(a.min_feature_mm).toBeCloseTo(2.5, 12);
  });

  it("is the smaller of the smallest hole radius and the smallest gap", () => {
    const a = analyzeProfile(dxf(rectangle(0, 0, 100, 100) + circle([50, 50], 1.5) + rectangle(10, 10, 20, 20) + rectangle(10, 30.8, 20, 20)), {
      format: "dxf",
    });
    expect(a.min_inner_radius_mm).toBeCloseTo(1.5, 12);
    expect(a.min_gap_mm).toBeCloseTo(0.8, 12);
    expect(a.min_feature_mm).toBeCloseTo(0.8, 12);
  });

  it("measures the gap between far-apart parts, and none for a single contour", () => {
    expect(analyzeProfile(dxf(rectangle(0, 0, 10, 10) + rectangle(510, 0, 10, 10)), { format: "dxf" }).min_gap_mm).toBeCloseTo(500, 9);
    const single = analyzeProfile(dxf(rectangle(0, 0, 10, 10)), { format: "dxf" });
    expect(single.min_gap_mm).toBeNull();
    expect(single.min_feature_mm).toBeNull();
  });

  it("takes the concave fillet of an outer contour as an inner radius", () => {
    // An L-shaped part whose inside corner is a 4 mm fillet (a clockwise bulge in a counter-clockwise outline).
    const b = -Math.tan(Math.PI / 8);
    const l = lwpolyline(
      [
        [0, 0],
        [50, 0],
        [50, 10],
        [14, 10, b],
        [10, 14],
        [10, 50],
        [0, 50],
      ],
      true,
    );
    const a = analyzeProfile(dxf(l), { format: "dxf" });
    expect(a.min_inner_radius_mm).toBeCloseTo(4, 12);
    expect(a.net_area_mm2).toBeCloseTo(50 * 10 + 40 * 10 + (16 - 4 * Math.PI), 9);
  });
});

describe("readProfile contours", () => {
  it("returns flattened contours in mm with closed and hole flags", () => {
    const { contours } = readProfile(
      dxf(
        rectangle(0, 0, 40, 20) +
          circle([10, 10], 3) +
          lwpolyline(
            [
              [50, 0],
              [60, 0],
            ],
            false,
          ),
      ),
      { format: "dxf" },
    );
    const outer = contours.find((c) => c.closed && !c.hole);
    const hole = contours.find((c) => c.hole);
    const open = contours.find((c) => !c.closed);
    expect(outer?.points).toEqual(Float64Array.from([0, 0, 40, 0, 40, 20, 0, 20]));
    expect(outer?.area_mm2).toBeCloseTo(800, 12);
    expect(hole?.length_mm).toBeCloseTo(6 * Math.PI, 12);
    expect(Math.abs(hole?.area_mm2 ?? 0)).toBeCloseTo(9 * Math.PI, 9);
    expect(open?.points).toEqual(Float64Array.from([50, 0, 60, 0]));
  });

  it("gives the same part the same numbers from DXF and SVG", () => {
    const fromDxf = analyzeProfile(dxf(rectangle(0, 0, 80, 40) + circle([20, 20], 6) + circle([60, 20], 6)), { format: "dxf" });
    const fromSvg = analyzeProfile(
      svg('width="80mm" height="40mm" viewBox="0 0 80 40"', '<rect width="80" height="40"/><circle cx="20" cy="20" r="6"/><circle cx="60" cy="20" r="6"/>'),
      { format: "svg" },
    );
    expect(fromSvg.cut_length_mm).toBeCloseTo(fromDxf.cut_length_mm, 9);
    expect(fromSvg.net_area_mm2).toBeCloseTo(fromDxf.net_area_mm2, 9);
    // px ↔ mm round trips leave the last bit of a double.
    fromSvg.bbox_mm.max.forEach((v, i) => expect(v).toBeCloseTo(fromDxf.bbox_mm.max[i], 12));
    fromSvg.bbox_mm.min.forEach((v, i) => expect(v).toBeCloseTo(fromDxf.bbox_mm.min[i], 12));
    expect(fromSvg.closed_contours).toBe(fromDxf.closed_contours);
    expect(fromSvg.min_inner_radius_mm).toBeCloseTo(fromDxf.min_inner_radius_mm ?? NaN, 12);
  });

  it("handles a perforated sheet of 2,500 holes quickly", () => {
    let holes = "";
    for (let i = 0; i < 50; i++) for (let j = 0; j < 50; j++) holes += circle([10 + 10 * i, 10 + 10 * j], 3);
    const started = performance.now();
    const a = analyzeProfile(dxf(rectangle(0, 0, 510, 510) + holes), { format: "dxf" });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(a.closed_contours).toBe(2501);
    expect(a.net_area_mm2).toBeCloseTo(510 * 510 - 2500 * Math.PI * 9, 5);
    expect(a.min_inner_radius_mm).toBeCloseTo(3, 12);
    expect(a.min_gap_mm).toBeGreaterThanOrEqual(4 - 1e-9);
    expect(a.min_gap_mm).toBeLessThanOrEqual(4.01);
  });
});

describe("detectProfileFormat", () => {
  it("recognises content first, then the extension", () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(detectProfileFormat(bytes(dxf(circle([0, 0], 1))), "part.bin")).toBe("dxf");
    expect(detectProfileFormat(bytes("999\nmade by a CAM tool\n0\nSECTION\n"), "")).toBe("dxf");
    expect(detectProfileFormat(bytes(svg("", "")), "part.dxf")).toBe("svg");
    expect(detectProfileFormat(bytes('\uFEFF<?xml version="1.0"?>\n<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>'), "")).toBe("svg");
    expect(detectProfileFormat(bytes("garbage"), "Part.DXF")).toBe("dxf");
    expect(detectProfileFormat(bytes("solid cube\nfacet normal 0 0 1"), "cube.stl")).toBeNull();
  });
});
