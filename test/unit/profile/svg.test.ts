import { describe, expect, it } from "vitest";
import { analyzeProfile, readProfile } from "../../../engine/mesh/profile/index.ts";
import { distanceToPolyline, svg } from "./fixtures.ts";

const TOL = 0.01;
const PX = 25.4 / 96;
const read = (file: string) => analyzeProfile(file, { format: "svg" });
/** A 100 × 100 mm sheet whose user unit is one millimetre. */
const mm = (body: string) => svg('width="100mm" height="100mm" viewBox="0 0 100 100"', body);

describe("SVG units and viewBox", () => {
  it("scales the viewBox onto width and height in mm, y flipped up", () => {
    const a = read(svg('width="200mm" height="100mm" viewBox="0 0 100 50"', '<rect x="10" y="10" width="30" height="20"/>'));
    expect(a.source_units).toBe("mm");
    expect(a.unit_scale_mm).toBeCloseTo(2, 12);
    expect(a.net_area_mm2).toBeCloseTo(60 * 40, 9);
    expect(a.bbox_mm.min).toEqual([20, 40]);
    expect(a.bbox_mm.max).toEqual([80, 80]);
  });

  it("reads inches, points and unitless px at 96 per inch", () => {
    const inches = read(svg('width="4in" height="2in" viewBox="0 0 400 200"', '<circle cx="200" cy="100" r="50"/>'));
    expect(inches.source_units).toBe("in");
    expect(inches.net_area_mm2).toBeCloseTo(Math.PI * 12.7 * 12.7, 8);
    expect(read(svg('width="72pt" height="72pt"', '<rect width="96" height="48"/>')).bbox_mm.size).toEqual([96 * PX, 48 * PX]);
    expect(read(svg("", '<rect width="96" height="96"/>')).net_area_mm2).toBeCloseTo(25.4 * 25.4, 9);
    expect(read(svg('width="10cm" height="5cm"', '<rect width="10mm" height="1in"/>')).bbox_mm.size[1]).toBeCloseTo(25.4, 12);
  });

  it("fits a viewBox of another aspect ratio by preserveAspectRatio", () => {
    const body = '<rect width="200" height="100"/>';
    const meet = read(svg('width="100mm" height="100mm" viewBox="0 0 200 100"', body));
    expect(meet.bbox_mm.min[1]).toBeCloseTo(25, 12);
    expect(meet.bbox_mm.max[1]).toBeCloseTo(75, 12);
    const none = read(svg('width="100mm" height="100mm" viewBox="0 0 200 100" preserveAspectRatio="none"', body));
    expect(none.bbox_mm.size).toEqual([100, 100]);
    const minSlice = read(svg('width="100mm" height="100mm" viewBox="0 0 200 100" preserveAspectRatio="xMinYMin slice"', body));
    expect(minSlice.bbox_mm.size).toEqual([200, 100]);
  });

  it("derives a missing height from the viewBox aspect ratio", () => {
    const a = read(svg('width="50mm" viewBox="0 0 100 40"', '<rect width="100" height="40"/>'));
    expect(a.bbox_mm.size).toEqual([50, 20]);
  });
});

describe("SVG transforms", () => {
  it("composes nested group and element transforms", () => {
    const body = '<g transform="translate(50 20)"><g transform="rotate(90)"><rect width="10" height="4" transform="scale(2)"/></g></g>';
    const a = read(svg("", body));
    // scale(2): 20 × 8; rotate(90): x ∈ [−8, 0], y ∈ [0, 20]; translate: x ∈ [42, 50], y ∈ [20, 40] px; y up.
    expect(a.bbox_mm.min[0]).toBeCloseTo(42 * PX, 12);
    expect(a.bbox_mm.max[0]).toBeCloseTo(50 * PX, 12);
    expect(a.bbox_mm.min[1]).toBeCloseTo(-40 * PX, 12);
    expect(a.bbox_mm.max[1]).toBeCloseTo(-20 * PX, 12);
    expect(a.net_area_mm2).toBeCloseTo(160 * PX * PX, 12);
  });

  it("applies matrix, skewX and rotate about a point", () => {
    const skew = read(mm('<rect width="10" height="10" transform="skewX(30)"/>'));
    expect(skew.net_area_mm2).toBeCloseTo(100, 9);
    expect(skew.bbox_mm.size[0]).toBeCloseTo(10 + 10 * Math.tan(Math.PI / 6), 9);
    const matrix = read(mm('<g transform="matrix(2 0 0 3 5 5)"><rect width="10" height="10"/></g>'));
    expect(matrix.net_area_mm2).toBeCloseTo(600, 9);
    expect(matrix.bbox_mm.min[0]).toBeCloseTo(5, 12);
    const about = read(mm('<rect x="40" y="40" width="20" height="10" transform="rotate(90 50 45)"/>'));
    expect(about.bbox_mm.min[0]).toBeCloseTo(45, 9);
    expect(about.bbox_mm.size[0]).toBeCloseTo(10, 9);
  });

  it("keeps circles exact under a non-uniform scale (ellipses)", () => {
    const a = read(mm('<circle cx="50" cy="50" r="10" transform="translate(50 50) scale(2 1) translate(-50 -50)"/>'));
    expect(a.net_area_mm2).toBeCloseTo(Math.PI * 20 * 10, 8);
    expect(a.bbox_mm.size).toEqual([40, 20]);
  });
});

describe("SVG shapes and paths", () => {
  it("draws rect with rounded corners, circle, ellipse, polygon", () => {
    expect(read(mm('<rect x="10" y="10" width="40" height="20" rx="5"/>')).net_area_mm2).toBeCloseTo(800 - (4 - Math.PI) * 25, 8);
    expect(read(mm('<rect width="40" height="20" rx="4" ry="2"/>')).net_area_mm2).toBeCloseTo(800 - (4 - Math.PI) * 8, 8);
    expect(read(mm('<ellipse cx="50" cy="50" rx="30" ry="10"/>')).net_area_mm2).toBeCloseTo(Math.PI * 300, 8);
    const tri = read(mm('<polygon points="0,0 30,0 0,40"/>'));
    expect(tri.closed_contours).toBe(1);
    expect(tri.cut_length_mm).toBeCloseTo(120, 12);
    expect(tri.net_area_mm2).toBeCloseTo(600, 12);
  });

  it("counts line and polyline as open paths", () => {
    const a = read(mm('<line x1="0" y1="0" x2="30" y2="40"/><polyline points="50 50 60 50 60 60"/>'));
    expect(a.open_paths).toBe(2);
    expect(a.closed_contours).toBe(0);
    expect(a.cut_length_mm).toBeCloseTo(50 + 20, 12);
    expect(a.net_area_mm2).toBe(0);
  });

  it("reads relative commands, implicit repeats and Z", () => {
    const a = read(mm('<path d="m10 10 l20 0 0 20 -20 0z M50 50 60 50 60 60 50 60 Z"/>'));
    expect(a.closed_contours).toBe(2);
    expect(a.net_area_mm2).toBeCloseTo(400 + 100, 12);
    expect(a.cut_length_mm).toBeCloseTo(80 + 40, 12);
  });

  it("draws endpoint arcs exactly, with packed flags and radii scaled up to fit", () => {
    const half = (Math.PI * 25) / 2;
    expect(read(mm('<path d="M0 50 A 5 5 0 0 1 10 50 Z"/>')).net_area_mm2).toBeCloseTo(half, 9);
    expect(read(mm('<path d="M0 50a5 5 0 0010 0z"/>')).net_area_mm2).toBeCloseTo(half, 9);
    expect(read(mm('<path d="M0 50 A 1 1 0 0 1 10 50 Z"/>')).cut_length_mm).toBeCloseTo(10 + 5 * Math.PI, 9);
    // A rotated elliptical arc, half of an ellipse with semi-axes 20 and 10.
    const e = read(mm('<path d="M30 30 A 20 10 45 0 0 58.2842712474619 58.2842712474619 Z"/>'));
    expect(e.net_area_mm2).toBeCloseTo((Math.PI * 200) / 2, 6);
  });

  it("follows cubic (C, S) and quadratic (Q, T) curves within the tolerance", () => {
    const { contours } = readProfile(mm('<path d="M0 0 C 10 40 30 -20 40 20 S 70 10 80 0 Q 90 20 100 0 T 100 40"/>'), { format: "svg" });
    expect(contours).toHaveLength(1);
    const pts = contours[0].points;
    const cubic = (p: number[], t: number) => (1 - t) ** 3 * p[0] + 3 * (1 - t) ** 2 * t * p[1] + 3 * (1 - t) * t * t * p[2] + t ** 3 * p[3];
    const quad = (p: number[], t: number) => (1 - t) ** 2 * p[0] + 2 * (1 - t) * t * p[1] + t * t * p[2];
    // In mm with y up: y_mm = 100 − y.
    const curves = [
      (t: number) => [cubic([0, 10, 30, 40], t), 100 - cubic([0, 40, -20, 20], t)],
      (t: number) => [cubic([40, 50, 70, 80], t), 100 - cubic([20, 60, 10, 0], t)],
      (t: number) => [quad([80, 90, 100], t), 100 - quad([0, 20, 0], t)],
      (t: number) => [quad([100, 110, 100], t), 100 - quad([0, -20, 40], t)],
    ];
    for (const curve of curves) {
      for (let i = 0; i <= 500; i++) {
        const [x, y] = curve(i / 500);
        expect(distanceToPolyline(x, y, pts, false)).toBeLessThanOrEqual(TOL + 1e-9);
      }
    }
  });

  it("expands <use> of defs and symbols, skipping hidden and non-cut content", () => {
    const body = `<defs><circle id="hole" r="3"/></defs>
      <symbol id="slot"><rect width="10" height="4"/></symbol>
      <rect width="80" height="40"/>
      <use href="#hole" x="10" y="10"/><use xlink:href="#hole" x="20" y="10"/>
      <use href="#slot" x="40" y="20" transform="translate(5 0)"/>
      <rect width="5" height="5" display="none"/><g style="fill:red; display: none"><rect width="5" height="5"/></g>
      <text x="5" y="5">PART</text><image href="x.png" width="5" height="5"/>`;
    const a = read(mm(body));
    expect(a.closed_contours).toBe(4);
    expect(a.net_area_mm2).toBeCloseTo(3200 - 2 * Math.PI * 9 - 40, 8);
    expect(a.ignored_entities).toBe(2);
    expect(a.min_inner_radius_mm).toBeCloseTo(3, 9);
  });

  it("maps a nested <svg> viewport", () => {
    const a = read(mm('<svg x="10" y="10" width="20" height="20" viewBox="0 0 2 2"><rect width="1" height="1"/></svg>'));
    expect(a.bbox_mm.size).toEqual([10, 10]);
    expect(a.bbox_mm.min[0]).toBeCloseTo(10, 12);
  });

  it("accepts the DOCTYPE that OpenSCAD, Inkscape and Illustrator write (public or system identifier, no internal subset), never fetching it", () => {
    const square = '<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="10mm" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';
    for (const doctype of [
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
      "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 20010904//EN'\n  'http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd' >",
      '<!DOCTYPE svg SYSTEM "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
      "<!DOCTYPE svg>",
    ]) {
      const a = read(`<?xml version="1.0" standalone="no"?>\n${doctype}\n${square}`);
      expect(a.net_area_mm2, doctype).toBeCloseTo(100, 9);
    }
  });

  it("reads a flat file with more elements than the call stack holds arguments", () => {
    const a = read(mm(`${"<g/>".repeat(300_000)}<rect width="10" height="10"/>`));
    expect(a.net_area_mm2).toBeCloseTo(100, 9);
  });

  it("decodes character references and ignores comments, CDATA and processing instructions", () => {
    const body =
      '<!-- <rect width="99" height="99"/> --><style><![CDATA[ rect { fill: none } ]]></style><?pi x?><rect width="1&#48;" height="&#x31;0" id="a&amp;b"/>';
    expect(read(mm(body)).net_area_mm2).toBeCloseTo(100, 12);
  });
});
