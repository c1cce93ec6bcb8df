import { describe, expect, it } from "vitest";
import { readProfile } from "../../../engine/mesh/profile/index.ts";
import { renderProfileThumbnail, type Picture } from "../../../engine/render/index.ts";
import { circle, dxf, line, lwpolyline } from "../profile/fixtures.ts";

const pixel = (p: Picture, x: number, y: number) => Array.from(p.data.subarray(4 * (y * p.width + x), 4 * (y * p.width + x) + 4));
const drawn = (p: Picture) => {
  let n = 0;
  for (let i = 3; i < p.data.length; i += 4) if (p.data[i]) n++;
  return n;
};

describe("renderProfileThumbnail", () => {
  it("draws a DXF plate's outline and its hole from above, leaving the sheet between them open", () => {
    const { contours } = readProfile(
      dxf(
        lwpolyline(
          [
            [0, 0],
            [100, 0],
            [100, 100],
            [0, 100],
          ],
          true,
        ) + circle([50, 50], 20),
      ),
      { format: "dxf" },
    );
    const p = renderProfileThumbnail(contours, { size: 100 });
    expect(p.width).toBe(100);
    // The square fills the frame (6 % margin each side): its left edge is a column near x = 6.
    expect(pixel(p, 6, 50)[3]).toBeGreaterThan(0);
    expect(pixel(p, 93, 50)[3]).toBeGreaterThan(0);
    // Right from the centre, the first thing drawn is the hole's rim, 20 of the 100 mm out (about 17 px at this scale).
    const rim = Array.from({ length: 50 }, (_, i) => 50 + i).find((x) => pixel(p, x, 50)[3] > 0)!;
    expect(Math.abs(rim - 50 - 17)).toBeLessThanOrEqual(2);
    // Inside the hole and between hole and edge nothing is drawn.
    expect(pixel(p, 50, 50)[3]).toBe(0);
    expect(pixel(p, 20, 50)[3]).toBe(0);
    expect(drawn(p)).toBeLessThan(0.3 * 100 * 100);
  });

  it("marks a path that does not close in red", () => {
    const { contours } = readProfile(dxf(line([0, 0], [100, 0]) + line([100, 0], [100, 60])), { format: "dxf" });
    expect(contours.some((c) => !c.closed)).toBe(true);
    const p = renderProfileThumbnail(contours, { size: 64 });
    // The bottom edge crosses the middle column: the first opaque pixel up from the bottom is on it.
    const redOnLine = Array.from({ length: 64 }, (_, y) => pixel(p, 32, 63 - y)).find((px) => px[3] === 255);
    expect(redOnLine).toBeDefined();
    expect(redOnLine![0]).toBeGreaterThan(redOnLine![2] + 60);
  });

  it("draws nothing for an empty drawing", () => {
    expect(drawn(renderProfileThumbnail([], { size: 16 }))).toBe(0);
  });
});
