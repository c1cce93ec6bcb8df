import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { encodePng, renderThumbnail, type Picture } from "../../../engine/render/index.ts";
import { cube } from "../mesh/solids.ts";

const soup = (tris: number[][]) => Float32Array.from(tris.flat());
const pixel = (p: Picture, x: number, y: number) => Array.from(p.data.subarray(4 * (y * p.width + x), 4 * (y * p.width + x) + 4));
/** Colours covering at least 5 % of the picture (edges between faces mix two shades). */
const mainColours = (p: Picture) => {
  const counts = new Map<string, number>();
  for (let i = 0; i < p.data.length; i += 4) {
    const key = p.data.subarray(i, i + 3).join(",");
    if (p.data[i + 3] === 255) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()].filter((n) => n >= 0.05 * p.width * p.height).length;
};
const coverage = (p: Picture) => {
  let n = 0;
  for (let i = 3; i < p.data.length; i += 4) if (p.data[i]) n++;
  return n / (p.width * p.height);
};

describe("renderThumbnail", () => {
  const grey = [0.5, 0.55, 0.6, 1] as const;

  it("draws a cube centred, with transparent corners and three differently lit faces", () => {
    const p = renderThumbnail([{ positions: soup(cube(10)), color: grey }], { size: 64 });
    expect(p.width).toBe(64);
    expect(pixel(p, 0, 0)[3]).toBe(0);
    expect(pixel(p, 63, 63)[3]).toBe(0);
    expect(pixel(p, 32, 32)[3]).toBe(255);
    // A cube seen from above-front-right shows exactly three flat faces.
    expect(mainColours(p)).toBe(3);
    expect(coverage(p)).toBeGreaterThan(0.5);
  });

  it("is the same picture wherever the part sits and whatever its size (fitted to the frame)", () => {
    const a = renderThumbnail([{ positions: soup(cube(10)), color: grey }], { size: 48 });
    const b = renderThumbnail([{ positions: soup(cube(1000, [5000, -200, 30])), color: grey }], { size: 48 });
    let differing = 0;
    for (let i = 0; i < a.data.length; i++) if (Math.abs(a.data[i] - b.data[i]) > 2) differing++;
    expect(differing / a.data.length).toBeLessThan(0.01);
  });

  it("reads indexed meshes like soups", () => {
    const tris = cube(10);
    const positions = soup(tris);
    const indices = Uint32Array.from({ length: tris.length * 3 }, (_, i) => i);
    const a = renderThumbnail([{ positions, color: grey }], { size: 32 });
    const b = renderThumbnail([{ positions, indices, color: grey }], { size: 32 });
    expect(b.data).toEqual(a.data);
  });

  it("paints flagged faces in the highlight colour", () => {
    const tris = cube(10);
    const flags = new Uint8Array(tris.length).fill(2);
    const p = renderThumbnail([{ positions: soup(tris), color: grey, flags }], { size: 32, highlight: 2, highlightColor: [1, 0, 0, 1] });
    const [r, g, b] = pixel(p, 16, 16);
    expect(r).toBeGreaterThan(100);
    expect(g).toBe(0);
    expect(b).toBe(0);
  });

  it("blends a translucent pane over what is behind it without hiding it", () => {
    const solid = renderThumbnail([{ positions: soup(cube(10)), color: grey }], { size: 32, up: "y" });
    const glazed = renderThumbnail(
      [
        { positions: soup(cube(10)), color: grey },
        { positions: soup(cube(12, [-1, -1, 11])), color: [0.2, 0.5, 0.9, 0.3] },
      ],
      { size: 32, up: "y" },
    );
    const centre = pixel(glazed, 16, 16);
    expect(centre[3]).toBe(255);
    expect(centre).not.toEqual(pixel(solid, 16, 16));
  });

  it("gives an empty transparent picture for no geometry", () => {
    const p = renderThumbnail([{ positions: new Float32Array(0), color: grey }], { size: 8 });
    expect(p.data.every((v) => v === 0)).toBe(true);
  });
});

describe("encodePng", () => {
  it("writes a PNG that decodes to the same pixels", () => {
    const p = renderThumbnail([{ positions: soup(cube(10)), color: [0.5, 0.55, 0.6, 1] }], { size: 40 });
    const png = encodePng(p);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const back = decode(png);
    expect([back.width, back.height, back.channels]).toEqual([40, 40, 4]);
    expect(Uint8Array.from(back.data)).toEqual(p.data);
  });
});
