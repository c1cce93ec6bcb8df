import { describe, expect, it } from "vitest";
import { EngineError } from "../../../engine/errors.ts";
import { analyzeProfile } from "../../../engine/mesh/profile/index.ts";
import type { ProfileOptions } from "../../../engine/mesh/profile/index.ts";
import { block, circle, dxf, insert, line, rectangle, spline, svg, text } from "./fixtures.ts";

/** Runs the analysis and returns the EngineError it must throw. */
function failure(file: string | Uint8Array, options: ProfileOptions): EngineError {
  try {
    analyzeProfile(file, options);
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return e as EngineError;
  }
  throw new Error("expected an EngineError");
}

const dxfFails = (file: string | Uint8Array, options: Partial<ProfileOptions> = {}) => failure(file, { format: "dxf", ...options });
const svgFails = (file: string | Uint8Array, options: Partial<ProfileOptions> = {}) => failure(file, { format: "svg", ...options });

describe("no geometry → 422", () => {
  it("rejects a DXF with only text, saying what was skipped", () => {
    const e = dxfFails(dxf(text([0, 0], "HELLO")));
    expect([e.status, e.code]).toEqual([422, "NO_GEOMETRY"]);
    expect(e.message).toMatch(/no cuttable geometry.*1 entities/);
  });

  it("rejects a DXF with no entities and one with only zero-length lines", () => {
    expect(dxfFails(dxf("")).status).toBe(422);
    expect(dxfFails(dxf(line([5, 5], [5, 5]))).code).toBe("NO_GEOMETRY");
  });

  it("rejects an SVG with nothing drawn", () => {
    const e = svgFails(svg('width="10mm" height="10mm"', '<defs><rect width="5" height="5"/></defs><text>hi</text>'));
    expect([e.status, e.code]).toEqual([422, "NO_GEOMETRY"]);
  });
});

describe("malformed DXF → 400 naming the line or entity", () => {
  it("rejects text that is not DXF", () => {
    const e = dxfFails("hello world\nthis is not a drawing\n");
    expect([e.status, e.code]).toEqual([400, "INVALID_DXF"]);
    expect(e.message).toContain("Line 1");
  });

  it("rejects a group code without a value (truncated file)", () => {
    const e = dxfFails("0\nSECTION\n2\nENTITIES\n0\nLINE\n10");
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/Line 7: group code 10 has no value/);
  });

  it("rejects a coordinate that is not a number", () => {
    const e = dxfFails(dxf(line([0, 0], [10, 0]).replace("\n11\n10\n", "\n11\nten\n")));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/LINE at line \d+: group 11 is not a number \("ten"\)/);
  });

  it("rejects missing required groups and bad radii", () => {
    expect(dxfFails(dxf("0\nLINE\n10\n0\n20\n0\n")).message).toMatch(/group 11 is missing/);
    expect(dxfFails(dxf(circle([0, 0], -3))).message).toMatch(/CIRCLE at line \d+: radius -3 is not positive/);
  });

  it("rejects an INSERT of a missing or self-inserting block", () => {
    expect(dxfFails(dxf(insert("NOPE", [0, 0]))).message).toMatch(/block "NOPE" is not defined/);
    const loop = block("A", [0, 0], circle([0, 0], 1) + insert("A", [5, 0]));
    const e = dxfFails(dxf(insert("A", [0, 0]), { blocks: loop }));
    expect([e.status, e.code]).toEqual([400, "INVALID_DXF"]);
    expect(e.message).toMatch(/inserts itself/);
  });

  it("rejects a spline whose knots do not fit its control points", () => {
    const e = dxfFails(
      dxf(
        spline(
          3,
          [0, 0, 0, 1, 1, 1],
          [
            [0, 0],
            [1, 1],
            [2, 0],
            [3, 1],
          ],
        ),
      ),
    );
    expect(e.message).toMatch(/SPLINE at line \d+: 6 knots, expected 8/);
  });

  it("rejects an unknown $INSUNITS code", () => {
    expect(dxfFails(dxf(rectangle(0, 0, 1, 1), { insunits: 99 })).message).toMatch(/\$INSUNITS 99 is not a known unit/);
  });

  it("rejects coordinates that are absurdly large", () => {
    const e = dxfFails(dxf(line([0, 0], [1e300, 0])));
    expect([e.status, e.code]).toEqual([400, "COORDINATE_OUT_OF_RANGE"]);
    expect(e.message).toMatch(/LINE at line \d+/);
  });

  it("answers binary DXF with 415 and an empty file with 400", () => {
    const binary = new TextEncoder().encode("AutoCAD Binary DXF\r\n\x1a\x00");
    expect([dxfFails(binary).status, dxfFails(binary).code]).toEqual([415, "UNSUPPORTED_DXF"]);
    expect([dxfFails(new Uint8Array(0)).status, dxfFails(new Uint8Array(0)).code]).toEqual([400, "EMPTY_FILE"]);
  });
});

describe("malformed SVG → 400", () => {
  it("rejects a DOCTYPE with an internal subset, entity declarations and the billion-laughs bomb", () => {
    const subset = svgFails(
      '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [ ]><svg/>',
    );
    expect([subset.status, subset.code]).toEqual([400, "XML_DTD_FORBIDDEN"]);
    const system = svgFails('<!DOCTYPE svg SYSTEM "file:///etc/passwd" [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg/>');
    expect([system.status, system.code]).toEqual([400, "XML_DTD_FORBIDDEN"]);
    const entity = svgFails('<!ENTITY x "y"><svg/>');
    expect([entity.status, entity.code]).toEqual([400, "XML_DTD_FORBIDDEN"]);
    const lol = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<svg><text>&lol2;</text></svg>';
    const bomb = svgFails(lol);
    expect(bomb.code).toBe("XML_DTD_FORBIDDEN");
    expect(bomb.message).toContain("Line 2");
  });

  it("rejects a malformed or second DOCTYPE, and one after the root element", () => {
    for (const bad of [
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"><svg/>', // PUBLIC needs a system identifier too
      '<!DOCTYPE svg PUBLIC "unterminated><svg/>',
      "<!DOCTYPE><svg/>",
      "<!DOCTYPE svg><!DOCTYPE svg><svg/>",
      "<svg><!DOCTYPE svg></svg>",
    ]) {
      const e = svgFails(bad);
      expect([e.status, e.code], bad).toEqual([400, "INVALID_SVG"]);
    }
  });

  it("rejects undefined entities instead of expanding them", () => {
    const e = svgFails(svg("", '<rect width="&ext;" height="5"/>'));
    expect([e.status, e.code]).toEqual([400, "INVALID_SVG"]);
    expect(e.message).toMatch(/undefined entity &ext;/);
  });

  it("rejects broken XML with the line of the problem", () => {
    expect(svgFails('<svg>\n<g>\n<rect width="1" height="1"/>\n</svg>').message).toMatch(/Line 4: <\/svg> closes <g> opened at line 2/);
    expect(svgFails('<svg>\n<rect width="1" height="1">').message).toMatch(/never closed/);
    expect(svgFails('<svg><rect width=1 height="1"/></svg>').message).toMatch(/not quoted/);
    expect(svgFails("just some text").code).toBe("INVALID_SVG");
  });

  it("rejects a root that is not <svg>", () => {
    expect(svgFails("<html><body/></html>").message).toMatch(/root element is <html>/);
  });

  it("rejects bad path data, lengths, transforms and viewBoxes, naming the element", () => {
    expect(svgFails(svg("", '<path d="M 0 0 L 10 x"/>')).message).toMatch(/<path> at line 3: path data: expected a number at character 10/);
    expect(svgFails(svg("", '<path d="L 0 0"/>')).message).toMatch(/must start with M/);
    expect(svgFails(svg("", '<rect width="ten" height="5"/>')).message).toMatch(/width="ten" is not a length/);
    expect(svgFails(svg("", '<rect width="5" height="5" transform="spin(3)"/>')).message).toMatch(/cannot read transform/);
    expect(svgFails(svg("", '<rect width="5" height="5" transform="rotate(1 2)"/>')).message).toMatch(/rotate\(1 2\) has the wrong arguments/);
    expect(svgFails(svg('viewBox="0 0 -1 5"', "")).message).toMatch(/viewBox/);
    expect(svgFails(svg("", '<use href="#missing"/>')).message).toMatch(/does not name an element/);
  });
});

describe("too complex → 413", () => {
  it("stops at the segment limit", () => {
    const e = dxfFails(dxf(circle([0, 0], 10)), { maxSegments: 50 });
    expect([e.status, e.code]).toEqual([413, "PROFILE_TOO_COMPLEX"]);
    expect(e.message).toMatch(/CIRCLE at line \d+: .*more than 50 segments/);
  });

  it("stops a huge circle before flattening it", () => {
    const started = performance.now();
    expect(dxfFails(dxf(circle([0, 0], 9e8)), { tolerance: 1e-4 }).status).toBe(413);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("stops an INSERT array or nested-block explosion before it expands", () => {
    const started = performance.now();
    const cell = block("CELL", [0, 0], circle([0, 0], 1));
    expect(dxfFails(dxf(insert("CELL", [0, 0], { columns: 100000, rows: 100000, dx: 3, dy: 3 }), { blocks: cell })).status).toBe(413);
    let blocks = block("B0", [0, 0], text([0, 0], "x"));
    for (let i = 1; i <= 12; i++) blocks += block(`B${i}`, [0, 0], Array.from({ length: 10 }, () => insert(`B${i - 1}`, [0, 0])).join(""));
    expect(dxfFails(dxf(insert("B12", [0, 0]), { blocks })).status).toBe(413);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("stops an SVG with too many segments", () => {
    const rects = Array.from({ length: 100 }, (_, i) => `<rect x="${i}" width="1" height="1"/>`).join("");
    expect(svgFails(svg("", rects), { maxSegments: 300 }).status).toBe(413);
  });
});

describe("options", () => {
  it("rejects an unknown format with 415 and bad options with 400", () => {
    expect(failure("x", { format: "dwg" as "dxf" }).status).toBe(415);
    expect(dxfFails(dxf(circle([0, 0], 1)), { tolerance: 0 }).code).toBe("INVALID_OPTIONS");
    expect(dxfFails(dxf(circle([0, 0], 1)), { units: "ft" as "mm" }).status).toBe(400);
    expect(dxfFails(dxf(circle([0, 0], 1)), { maxSegments: -1 }).status).toBe(400);
  });
});
