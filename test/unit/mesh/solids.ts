/**
 * Generated solids and writers for the mesh tests: every triangle is [ax, ay, az,
 * bx, by, bz, cx, cy, cz], counter-clockwise seen from outside.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { zipSync, strToU8 } from "fflate";
import { createKernel, type MeshKernel } from "../../../engine/mesh/index.ts";

export type Tri = number[];

const wasmPath = new URL("../../../wasm/build/kernel.wasm", import.meta.url);

/** The compiled kernel, built first if this checkout has not built it yet. */
export function kernelModule(): WebAssembly.Module {
  if (!existsSync(wasmPath)) execFileSync(process.execPath, [new URL("../../../wasm/build.mjs", import.meta.url).pathname]);
  return new WebAssembly.Module(readFileSync(wasmPath));
}

export const newKernel = (): MeshKernel => createKernel(kernelModule());

const CUBE_CORNERS = [
  [0, 0, 0],
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 1],
  [1, 1, 1],
  [0, 1, 1],
];
const CUBE_FACES = [
  [0, 2, 1],
  [0, 3, 2],
  [4, 5, 6],
  [4, 6, 7],
  [0, 1, 5],
  [0, 5, 4],
  [1, 2, 6],
  [1, 6, 5],
  [2, 3, 7],
  [2, 7, 6],
  [3, 0, 4],
  [3, 4, 7],
];

/** An axis-aligned box from `min` with edge lengths `size`, 12 triangles. */
export function box(size: number[], min = [0, 0, 0]): Tri[] {
  const p = CUBE_CORNERS.map((c) => c.map((v, i) => min[i] + v * size[i]));
  return CUBE_FACES.map(([a, b, c]) => [...p[a], ...p[b], ...p[c]]);
}

export const cube = (size: number, min = [0, 0, 0]) => box([size, size, size], min);

/** The same triangles wound the other way (inside out). */
export const invert = (tris: Tri[]) => tris.map((t) => [...t.slice(0, 3), ...t.slice(6, 9), ...t.slice(3, 6)]);

export const translate = (tris: Tri[], d: number[]) => tris.map((t) => t.map((v, i) => v + d[i % 3]));

/** Rotation about Z by `deg` degrees. */
export const rotateZ = (tris: Tri[], deg: number) => {
  const c = Math.cos((deg * Math.PI) / 180),
    s = Math.sin((deg * Math.PI) / 180);
  return tris.map((t) => t.map((v, i) => (i % 3 === 0 ? c * v - s * t[i + 1] : i % 3 === 1 ? s * t[i - 1] + c * v : v)));
};

/** A closed surface from a grid of points (u wraps; v wraps too when `closedV`), two triangles per cell. */
function grid(nu: number, nv: number, point: (i: number, j: number) => number[], closedV: boolean): Tri[] {
  const tris: Tri[] = [];
  for (let i = 0; i < nu; i++) {
    for (let j = 0; j < (closedV ? nv : nv - 1); j++) {
      const a = point(i, j),
        b = point(i + 1, j),
        c = point(i + 1, j + 1),
        d = point(i, j + 1);
      tris.push([...a, ...b, ...c], [...a, ...c, ...d]);
    }
  }
  return tris;
}

/** A torus around Z, major radius R, minor r. */
export function torus(R: number, r: number, nu: number, nv: number): Tri[] {
  return grid(
    nu,
    nv,
    (i, j) => {
      const u = ((i % nu) / nu) * 2 * Math.PI,
        v = ((j % nv) / nv) * 2 * Math.PI;
      return [(R + r * Math.cos(v)) * Math.cos(u), (R + r * Math.cos(v)) * Math.sin(u), r * Math.sin(v)];
    },
    true,
  );
}

/** A UV sphere: `nu` segments around, `nv` stacks pole to pole, poles as fans. */
export function sphere(r: number, nu: number, nv: number, center = [0, 0, 0]): Tri[] {
  const at = (i: number, j: number) => {
    const u = ((i % nu) / nu) * 2 * Math.PI,
      v = (j / nv) * Math.PI;
    return [center[0] + r * Math.sin(v) * Math.cos(u), center[1] + r * Math.sin(v) * Math.sin(u), center[2] - r * Math.cos(v)];
  };
  const tris: Tri[] = [];
  for (let i = 0; i < nu; i++) {
    tris.push([...at(0, 0), ...at(i + 1, 1), ...at(i, 1)]);
    for (let j = 1; j < nv - 1; j++) {
      tris.push([...at(i, j), ...at(i + 1, j), ...at(i + 1, j + 1)], [...at(i, j), ...at(i + 1, j + 1), ...at(i, j + 1)]);
    }
    tris.push([...at(i, nv - 1), ...at(i + 1, nv - 1), ...at(0, nv)]);
  }
  return tris;
}

/** A closed cylinder of `n` sides around Z, base on z = 0. */
export function cylinder(r: number, h: number, n: number): Tri[] {
  const p = (i: number, z: number) => [r * Math.cos((i / n) * 2 * Math.PI), r * Math.sin((i / n) * 2 * Math.PI), z];
  const tris: Tri[] = [];
  for (let i = 0; i < n; i++) {
    tris.push([...p(i, 0), ...p(i + 1, 0), ...p(i + 1, h)], [...p(i, 0), ...p(i + 1, h), ...p(i, h)]);
    tris.push([0, 0, 0, ...p(i + 1, 0), ...p(i, 0)], [0, 0, h, ...p(i, h), ...p(i + 1, h)]);
  }
  return tris;
}

/** Binary STL. The header is 0xFF bytes: admesh reads a file as ASCII when its first bytes are all below 0x80. */
export function binaryStl(tris: Tri[]): Uint8Array {
  const bytes = new Uint8Array(84 + 50 * tris.length).fill(0xff, 0, 80);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, tris.length, true);
  tris.forEach((t, i) => {
    view.setUint16(84 + 50 * i + 48, 0, true);
    for (let k = 0; k < 3; k++) view.setFloat32(84 + 50 * i + 4 * k, 0, true);
    t.forEach((v, k) => view.setFloat32(84 + 50 * i + 12 + 4 * k, v, true));
  });
  return bytes;
}

/** Shortest text that reads back as the same f32 (what binary STL stores). */
const f32 = (v: number) => String(Math.fround(v));

export function asciiStl(tris: Tri[]): Uint8Array {
  const lines = ["solid generated"];
  for (const t of tris) {
    lines.push("  facet normal 0 0 0", "    outer loop");
    for (let k = 0; k < 9; k += 3) lines.push(`      vertex ${f32(t[k])} ${f32(t[k + 1])} ${f32(t[k + 2])}`);
    lines.push("    endloop", "  endfacet");
  }
  lines.push("endsolid generated", "");
  return strToU8(lines.join("\n"));
}

/** Indexed vertices and faces of a soup (shared corners deduplicated). */
function indexed(tris: Tri[]): { vertices: number[][]; faces: number[][] } {
  const ids = new Map<string, number>();
  const vertices: number[][] = [];
  const faces = tris.map((t) =>
    [0, 3, 6].map((k) => {
      const v = t.slice(k, k + 3).map(f32);
      const key = v.join(" ");
      if (!ids.has(key)) {
        ids.set(key, vertices.length);
        vertices.push(v.map(Number));
      }
      return ids.get(key)!;
    }),
  );
  return { vertices, faces };
}

export function obj(tris: Tri[]): Uint8Array {
  const { vertices, faces } = indexed(tris);
  const lines = ["# generated", "o part", ...vertices.map((v) => `v ${v.map(f32).join(" ")}`), "g all"];
  for (const f of faces) lines.push(`f ${f.map((i) => i + 1).join(" ")}`);
  lines.push("");
  return strToU8(lines.join("\n"));
}

export interface ThreeMfOptions {
  unit?: string;
  /** Extra text placed right after the XML declaration (a DTD, say). */
  prologue?: string;
  /** Replace the model part entirely. */
  modelXml?: string;
  modelPath?: string;
}

export function modelXml(tris: Tri[], unit = "millimeter", prologue = ""): string {
  const { vertices, faces } = indexed(tris);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>${prologue}`,
    `<model unit="${unit}" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">`,
    `<resources><object id="1" type="model"><mesh><vertices>`,
    ...vertices.map((v) => `<vertex x="${f32(v[0])}" y="${f32(v[1])}" z="${f32(v[2])}"/>`),
    `</vertices><triangles>`,
    ...faces.map((f) => `<triangle v1="${f[0]}" v2="${f[1]}" v3="${f[2]}"/>`),
    `</triangles></mesh></object></resources>`,
    `<build><item objectid="1"/></build></model>`,
  ].join("\n");
}

const RELS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>
</Relationships>`;

export function threeMf(tris: Tri[], options: ThreeMfOptions = {}): Uint8Array {
  return zipSync({
    "[Content_Types].xml": strToU8(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
    "_rels/.rels": strToU8(RELS),
    [options.modelPath ?? "3D/3dmodel.model"]: strToU8(options.modelXml ?? modelXml(tris, options.unit, options.prologue)),
  });
}
