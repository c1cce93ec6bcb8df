import { encode as encodePng } from "fast-png";
/** Small part files made in the tests: exact solids with known answers. */

type Tri = [number, number, number][];

/** The 12 outward-facing triangles of an axis-aligned box. */
export function boxTriangles(size: [number, number, number], at: [number, number, number] = [0, 0, 0]): Tri[] {
  const [x0, y0, z0] = at;
  const [x1, y1, z1] = [x0 + size[0], y0 + size[1], z0 + size[2]];
  const v = [
    [x0, y0, z0],
    [x1, y0, z0],
    [x1, y1, z0],
    [x0, y1, z0],
    [x0, y0, z1],
    [x1, y0, z1],
    [x1, y1, z1],
    [x0, y1, z1],
  ] as [number, number, number][];
  const quads = [
    [0, 3, 2, 1],
    [4, 5, 6, 7],
    [0, 1, 5, 4],
    [1, 2, 6, 5],
    [2, 3, 7, 6],
    [3, 0, 4, 7],
  ];
  return quads.flatMap(([a, b, c, d]) => [
    [v[a], v[b], v[c]],
    [v[a], v[c], v[d]],
  ]);
}

/**
 * A square block (side × side × height, centred on Z) with a blind round hole drilled from the top along Z:
 * `n` facets around, a flat bottom. Watertight, for the CNC hole checks.
 */
export function blockWithBlindHole(side: number, height: number, diameter: number, depth: number, n = 32): Tri[] {
  const h = side / 2,
    r = diameter / 2,
    floor = height - depth;
  const tris = boxTriangles([side, side, height], [-h, -h, 0]).filter((_, i) => i !== 2 && i !== 3); // without its top
  const rim = (i: number, z: number): [number, number, number] => [r * Math.cos((2 * Math.PI * i) / n), r * Math.sin((2 * Math.PI * i) / n), z];
  const corner = (k: number): [number, number, number] => [
    h * Math.SQRT2 * Math.cos(Math.PI / 4 + (k * Math.PI) / 2),
    h * Math.SQRT2 * Math.sin(Math.PI / 4 + (k * Math.PI) / 2),
    height,
  ];
  for (let i = 0; i < n; i++) {
    const k = Math.floor((4 * i) / n); // the top corner facing this stretch of the rim
    tris.push([rim(i, height), corner(k), rim(i + 1, height)]);
    if ((4 * (i + 1)) % n === 0) tris.push([corner(k), corner(k + 1), rim(i + 1, height)]);
    tris.push([rim(i, height), rim(i + 1, height), rim(i, floor)], [rim(i + 1, height), rim(i + 1, floor), rim(i, floor)]);
    tris.push([[0, 0, floor], rim(i, floor), rim(i + 1, floor)]);
  }
  return tris;
}

export function binaryStl(tris: Tri[]): Uint8Array<ArrayBuffer> {
  const buf = new ArrayBuffer(84 + 50 * tris.length);
  const view = new DataView(buf);
  view.setUint32(80, tris.length, true);
  tris.forEach((t, i) => {
    const o = 84 + 50 * i;
    t.forEach((p, j) => p.forEach((c, k) => view.setFloat32(o + 12 + 12 * j + 4 * k, c, true)));
  });
  return new Uint8Array(buf);
}

export function asciiStl(tris: Tri[]): Uint8Array<ArrayBuffer> {
  const facets = tris.map((t) => `facet normal 0 0 0\n outer loop\n${t.map((p) => `  vertex ${p.join(" ")}`).join("\n")}\n endloop\nendfacet`).join("\n");
  return new TextEncoder().encode(`solid part\n${facets}\nendsolid part\n`);
}

export const svgRectangle = (w: number, h: number) =>
  new TextEncoder().encode(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}mm" height="${h}mm" viewBox="0 0 ${w} ${h}"><rect x="0" y="0" width="${w}" height="${h}"/></svg>`,
  );

/** A grid of separate cubes: n shells, n × side³ volume. */
export function cubeGrid(count: number, side = 1, gap = 1): Tri[] {
  const perRow = Math.ceil(Math.cbrt(count));
  const tris: Tri[] = [];
  for (let i = 0; i < count; i++) {
    const at: [number, number, number] = [
      (i % perRow) * (side + gap),
      (Math.floor(i / perRow) % perRow) * (side + gap),
      Math.floor(i / perRow / perRow) * (side + gap),
    ];
    tris.push(...boxTriangles([side, side, side], at));
  }
  return tris;
}

/** A valid SPW600e single door (the seed's API example, within every rule). */
export const door = {
  door_type: "single",
  opening_direction: "inward",
  frame_width: 1000,
  frame_height: 2100,
  glazing_type: "double",
  glazing_thickness: 28,
  glazing_u_value: 1.1,
  threshold: "standard",
  finish: "powder_coating",
  color: "RAL 9016",
  hardware: { hinges: "standard", lock: "multipoint_3_point", handles: "lever_stainless_steel", closer: "none" },
};

/** A real PNG: `size`×`size` RGB pixels in a gradient. */
export const tinyPng = (size = 4): Uint8Array<ArrayBuffer> => {
  const pixels = new Uint8Array(size * size * 3).map((_, i) => (i * 37) % 256);
  return new Uint8Array(encodePng({ width: size, height: size, data: pixels, channels: 3 }));
};
