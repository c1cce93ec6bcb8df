/**
 * Mesh kernel throughput, in million triangles per second, on generated binary STLs
 * of 1 M and 5 M triangles (a finely tessellated torus: closed, one shell).
 *   single_pass  volume, area, bounding box, overhang: the SIMD pass, streaming the
 *                file through the kernel's one warm input buffer
 *   topology     exact weld (while streaming, then merging what its cache missed),
 *                edges, tolerance weld (only near open edges), shells (face pass)
 *   analyze      the whole analyzeMesh from a ReadableStream (adds OBB, nesting, shadow)
 * Baselines measured in the same run: the same metrics in plain JavaScript on three.js
 * structures (STLLoader → BufferGeometry; BufferGeometryUtils.mergeVertices, a Map of
 * edges and a union-find), and `admesh` on the same file when it is installed.
 * Readers: the whole analyzeMesh of one 300 k-triangle torus written as 3MF (about
 * 25 MiB of XML, inside the inflate limit) and as OBJ, against the same mesh as binary
 * STL (the baseline), so a reader that turns quadratic shows as a collapse of its row.
 * CNC features: the milling feature checks alone (engine/mesh/cnc-features.ts) on the welded
 * 300 k-triangle torus (no face parallel to an axis: the checks' floor) and on a block of
 * 2,048 blind holes (every face part of a hole: their worst case), 262 k triangles.
 * Run: npm run bench:mesh   (only the reader and feature rows: npm run bench:mesh -- readers)
 */
import { readFileSync, writeFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { BufferGeometry } from "three";
import { STLLoader } from "three/examples/jsm/loaders/STLLoader.js";
import { mergeVertices } from "three/examples/jsm/utils/BufferGeometryUtils.js";
import { strToU8, zipSync } from "fflate";
import { analyzeMesh, createKernel, type MeshKernel } from "../engine/mesh/index.ts";
import { CHUNK_TRIANGLES, STL_RECORD } from "../engine/mesh/feed.ts";
import { cncFeatures } from "../engine/mesh/cnc-features.ts";

const module = new WebAssembly.Module(readFileSync(new URL("../wasm/build/kernel.wasm", import.meta.url)));
const REPEATS = 3;

/** A torus of `rings × segments × 2` triangles as binary STL, in ring order (as CAD exporters write). */
function torusStl(rings: number, segments: number): Uint8Array {
  const triangles = rings * segments * 2;
  const bytes = new Uint8Array(84 + STL_RECORD * triangles);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, triangles, true);
  const R = 40,
    r = 12;
  const point = (i: number, j: number) => {
    const u = ((i % rings) / rings) * 2 * Math.PI,
      v = ((j % segments) / segments) * 2 * Math.PI;
    return [(R + r * Math.cos(v)) * Math.cos(u), (R + r * Math.cos(v)) * Math.sin(u), r * Math.sin(v)];
  };
  let at = 84;
  const put = (a: number[], b: number[], c: number[]) => {
    at += 12;
    for (const p of [a, b, c]) {
      for (const x of p) {
        view.setFloat32(at, x, true);
        at += 4;
      }
    }
    at += 2;
  };
  for (let i = 0; i < rings; i++) {
    for (let j = 0; j < segments; j++) {
      const p00 = point(i, j),
        p10 = point(i + 1, j),
        p11 = point(i + 1, j + 1),
        p01 = point(i, j + 1);
      put(p00, p10, p11);
      put(p00, p11, p01);
    }
  }
  return bytes;
}

/** `count` blind holes on a grid, each a closed 32-sided cylinder wound inwards (Ø2 × 10 mm), as binary STL. */
function holesStl(count: number): Uint8Array {
  const n = 32,
    triangles = count * n * 4;
  const bytes = new Uint8Array(84 + STL_RECORD * triangles);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, triangles, true);
  const side = Math.ceil(Math.sqrt(count));
  let at = 84;
  const put = (...p: number[][]) => {
    at += 12;
    for (const x of p.flat()) {
      view.setFloat32(at, x, true);
      at += 4;
    }
    at += 2;
  };
  for (let k = 0; k < count; k++) {
    const cx = (k % side) * 4,
      cy = Math.floor(k / side) * 4;
    const rim = (i: number, z: number) => [cx + Math.cos((2 * Math.PI * i) / n), cy + Math.sin((2 * Math.PI * i) / n), z];
    for (let i = 0; i < n; i++) {
      put(rim(i, 0), rim(i, 10), rim(i + 1, 0));
      put(rim(i + 1, 0), rim(i, 10), rim(i + 1, 10));
      put([cx, cy, 0], rim(i, 0), rim(i + 1, 0));
      put([cx, cy, 10], rim(i + 1, 10), rim(i, 10));
    }
  }
  return bytes;
}

/** Best time of cncFeatures alone on the file's welded mesh. */
async function featureSeconds(stl: Uint8Array, expectHoles: number): Promise<number> {
  let welded: { positions: Float32Array; indices: Uint32Array } | undefined;
  await analyzeMesh(stl, { kernel: createKernel(module), inspectGeometry: (g) => (welded = { positions: g.positions.slice(), indices: g.indices.slice() }) });
  const { positions, indices } = welded!;
  const holes = () => cncFeatures(positions, indices, indices.length / 3, positions.length / 3, 1).holes.reduce((s, h) => s + h.count, 0);
  if (holes() !== expectHoles) throw new Error(`feature checks: ${holes()} holes, not ${expectHoles}`);
  return best(() => void holes());
}

const best = (f: () => void) => {
  let t = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    f();
    t = Math.min(t, performance.now() - start);
  }
  return t / 1000;
};

/** Streams the STL's records through the kernel input buffer, calling `stage` per chunk. */
function stream(kernel: MeshKernel, stl: Uint8Array, stage: (n: number) => void): void {
  const triangles = (stl.length - 84) / STL_RECORD;
  for (let t = 0; t < triangles; t += CHUNK_TRIANGLES) {
    const n = Math.min(CHUNK_TRIANGLES, triangles - t);
    kernel.bytes().set(stl.subarray(84 + t * STL_RECORD, 84 + (t + n) * STL_RECORD), kernel.input);
    stage(n);
  }
}

function singlePass(kernel: MeshKernel, stl: Uint8Array): number {
  const triangles = (stl.length - 84) / STL_RECORD;
  return best(() => {
    kernel.input = kernel.k.begin(triangles, CHUNK_TRIANGLES * STL_RECORD, Math.SQRT1_2);
    stream(kernel, stl, (n) => kernel.k.accumulate(12, n, STL_RECORD));
  });
}

function topology(kernel: MeshKernel, stl: Uint8Array): { seconds: number; shells: number; open: number } {
  const triangles = (stl.length - 84) / STL_RECORD;
  let shells = 0,
    open = 0;
  const seconds = best(() => {
    const k = kernel.k;
    kernel.input = k.begin(triangles, CHUNK_TRIANGLES * STL_RECORD, Math.SQRT1_2);
    stream(kernel, stl, (n) => k.ingest(12, n, STL_RECORD));
    const diagonal = Math.hypot(k.boundsMax(0) - k.boundsMin(0), k.boundsMax(1) - k.boundsMin(1), k.boundsMax(2) - k.boundsMin(2));
    k.finishWeld();
    k.buildEdges();
    k.weldTolerance(1e-6 * diagonal);
    shells = k.facePass(1e-4 * diagonal, (1e-6 * diagonal) ** 2);
    open = k.openEdges();
  });
  return { seconds, shells, open };
}

function byteStream(bytes: Uint8Array, chunk = 1 << 16): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + chunk));
      at += chunk;
    },
  });
}

async function analyze(stl: Uint8Array): Promise<{ seconds: number; memory: number }> {
  let seconds = Infinity,
    memory = 0;
  for (let i = 0; i < REPEATS; i++) {
    const kernel = createKernel(module);
    const start = performance.now();
    const { analysis } = await analyzeMesh(byteStream(stl), { kernel, size: stl.length });
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
    memory = kernel.memoryBytes;
    if (!analysis.watertight || analysis.shells !== 1) throw new Error("torus should be one closed shell");
  }
  return { seconds, memory };
}

/** The single-pass metrics in plain JavaScript over a three.js BufferGeometry parsed by STLLoader. */
function singlePassJs(stl: Uint8Array): number {
  const cos = Math.SQRT1_2;
  return best(() => {
    const geometry = new STLLoader().parse(stl.buffer.slice(stl.byteOffset, stl.byteOffset + stl.byteLength) as ArrayBuffer);
    const p = geometry.getAttribute("position").array as Float32Array;
    geometry.computeBoundingBox();
    let area = 0,
      volume = 0,
      overhang = 0;
    for (let i = 0; i < p.length; i += 9) {
      const ux = p[i + 3] - p[i],
        uy = p[i + 4] - p[i + 1],
        uz = p[i + 5] - p[i + 2];
      const wx = p[i + 6] - p[i],
        wy = p[i + 7] - p[i + 1],
        wz = p[i + 8] - p[i + 2];
      const nx = uy * wz - uz * wy,
        ny = uz * wx - ux * wz,
        nz = ux * wy - uy * wx;
      const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
      area += len / 2;
      volume += (p[i] * nx + p[i + 1] * ny + p[i + 2] * nz) / 6;
      if (nz < -cos * len) overhang += len / 2;
    }
    if (!(area > 0 && volume > 0 && overhang >= 0)) throw new Error("bad JS single pass");
  });
}

/** Welding, edges and shells in plain JavaScript: mergeVertices, a Map of edges, a union-find. */
function topologyJs(stl: Uint8Array): number {
  return best(() => {
    const parsed = new STLLoader().parse(stl.buffer.slice(stl.byteOffset, stl.byteOffset + stl.byteLength) as ArrayBuffer);
    const geometry = new BufferGeometry();
    geometry.setAttribute("position", parsed.getAttribute("position"));
    const welded = mergeVertices(geometry);
    const index = welded.getIndex()!.array;
    const vertices = welded.getAttribute("position").count;
    const faces = index.length / 3;
    const parent = new Int32Array(faces).map((_, i) => i);
    const find = (f: number) => {
      while (parent[f] !== f) f = parent[f] = parent[parent[f]];
      return f;
    };
    const edges = new Map<number, number>(); // edge key → first face + 1, or -(count) once shared
    let open = 0;
    for (let f = 0; f < faces; f++) {
      for (let k = 0; k < 3; k++) {
        const a = index[3 * f + k],
          b = index[3 * f + ((k + 1) % 3)];
        const key = Math.min(a, b) * vertices + Math.max(a, b);
        const seen = edges.get(key);
        if (seen === undefined) edges.set(key, f + 1);
        else {
          if (seen > 0) {
            const ra = find(f),
              rb = find(seen - 1);
            if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
          }
          edges.set(key, -1);
        }
      }
    }
    for (const v of edges.values()) if (v > 0) open++;
    let shells = 0;
    for (let f = 0; f < faces; f++) if (find(f) === f) shells++;
    if (shells !== 1 || open !== 0) throw new Error(`JS topology found ${shells} shells, ${open} open edges`);
  });
}

function admesh(stl: Uint8Array): number | undefined {
  if (spawnSync("admesh", ["--version"]).error) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "fabquote-bench-"));
  const file = join(dir, "part.stl");
  writeFileSync(file, stl);
  try {
    return best(() => {
      const run = spawnSync("admesh", [file], { encoding: "utf8" });
      if (run.status !== 0) throw new Error(`admesh failed: ${run.stderr}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The torus of `torusStl` as an indexed mesh written as OBJ and as 3MF (f32 coordinates, as slicers write them). */
function torusText(rings: number, segments: number): { obj: Uint8Array; threeMf: Uint8Array } {
  const R = 40,
    r = 12;
  const vertices: string[] = [];
  for (let i = 0; i < rings; i++) {
    for (let j = 0; j < segments; j++) {
      const u = (i / rings) * 2 * Math.PI,
        v = (j / segments) * 2 * Math.PI;
      vertices.push([(R + r * Math.cos(v)) * Math.cos(u), (R + r * Math.cos(v)) * Math.sin(u), r * Math.sin(v)].map((c) => String(Math.fround(c))).join(" "));
    }
  }
  const id = (i: number, j: number) => (i % rings) * segments + (j % segments);
  const faces: number[][] = [];
  for (let i = 0; i < rings; i++) {
    for (let j = 0; j < segments; j++) faces.push([id(i, j), id(i + 1, j), id(i + 1, j + 1)], [id(i, j), id(i + 1, j + 1), id(i, j + 1)]);
  }
  const obj = ["o torus", ...vertices.map((v) => `v ${v}`), ...faces.map((f) => `f ${f[0] + 1} ${f[1] + 1} ${f[2] + 1}`), ""].join("\n");
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"><resources><object id="1" type="model"><mesh><vertices>',
    ...vertices.map((v) => {
      const [x, y, z] = v.split(" ");
      return ` <vertex x="${x}" y="${y}" z="${z}"/>`;
    }),
    "</vertices><triangles>",
    ...faces.map((f) => ` <triangle v1="${f[0]}" v2="${f[1]}" v3="${f[2]}"/>`),
    '</triangles></mesh></object></resources><build><item objectid="1"/></build></model>',
  ].join("\n");
  return { obj: strToU8(obj), threeMf: zipSync({ "3D/3dmodel.model": strToU8(xml) }) };
}

/** Best time of the whole analyzeMesh of a file held in memory, on a fresh kernel each run. */
async function analyzeBytes(bytes: Uint8Array, filename: string, triangles: number): Promise<number> {
  let seconds = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const kernel = createKernel(module);
    const start = performance.now();
    const { analysis } = await analyzeMesh(bytes, { kernel, filename });
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
    if (analysis.triangle_count !== triangles || !analysis.watertight) throw new Error(`${filename}: not the closed torus`);
  }
  return seconds;
}

const mtri = (triangles: number, seconds: number) => triangles / seconds / 1e6;
const rows: [string, string, string, string][] = [];
const figures: Record<string, number> = {};
const onlyReaders = process.argv.includes("readers");

{
  const [rings, segments] = [300, 500];
  const triangles = rings * segments * 2;
  const stl = torusStl(rings, segments);
  const { obj, threeMf } = torusText(rings, segments);
  const baseline = mtri(triangles, await analyzeBytes(stl, "torus.stl", triangles));
  const threeMfRate = mtri(triangles, await analyzeBytes(threeMf, "torus.3mf", triangles));
  const objRate = mtri(triangles, await analyzeBytes(obj, "torus.obj", triangles));
  const fmt = (v: number) => v.toFixed(2);
  const mb = (b: Uint8Array) => `${(b.length / 2 ** 20).toFixed(1)} MB`;
  rows.push(
    ["300k", "analyzeMesh, binary STL (baseline)", fmt(baseline), mb(stl)],
    ["300k", "analyzeMesh, 3MF", fmt(threeMfRate), `${fmt(threeMfRate / baseline)}× STL; ${mb(threeMf)} zipped`],
    ["300k", "analyzeMesh, OBJ", fmt(objRate), `${fmt(objRate / baseline)}× STL; ${mb(obj)}`],
  );
  Object.assign(figures, { "mesh.threemf_mtri_s": threeMfRate, "mesh.obj_mtri_s": objRate, "mesh.stl_same_mesh_mtri_s": baseline });

  const holeCount = 2048,
    holeTriangles = holeCount * 128;
  const torusFeatures = mtri(triangles, await featureSeconds(stl, 0));
  const holeFeatures = mtri(holeTriangles, await featureSeconds(holesStl(holeCount), holeCount));
  rows.push(
    ["300k", "CNC feature checks, torus", fmt(torusFeatures), "no face parallel to an axis"],
    ["262k", "CNC feature checks, 2,048 holes", fmt(holeFeatures), "every face part of a hole"],
  );
  Object.assign(figures, { "mesh.cnc_features_mtri_s": torusFeatures, "mesh.cnc_features_holes_mtri_s": holeFeatures });
}

for (const [label, rings, segments] of onlyReaders
  ? []
  : ([
      ["1M", 1000, 500],
      ["5M", 2500, 1000],
    ] as const)) {
  const stl = torusStl(rings, segments);
  const triangles = rings * segments * 2;
  const kernel = createKernel(module);
  const single = mtri(triangles, singlePass(kernel, stl));
  const topo = topology(kernel, stl);
  const full = await analyze(stl);
  const singleJs = mtri(triangles, singlePassJs(stl));
  const topoJs = mtri(triangles, topologyJs(stl));
  const admeshSeconds = admesh(stl);
  const fmt = (v: number) => v.toFixed(1);
  rows.push(
    [label, "single pass (wasm SIMD)", fmt(single), `${fmt(single / singleJs)}× JS`],
    [label, "single pass (JS, three.js)", fmt(singleJs), ""],
    [label, "topology (wasm)", fmt(mtri(triangles, topo.seconds)), `${fmt(mtri(triangles, topo.seconds) / topoJs)}× JS`],
    [label, "topology (JS, three.js)", fmt(topoJs), ""],
    [label, "whole analyzeMesh from a stream", fmt(mtri(triangles, full.seconds)), `wasm memory ${(full.memory / 2 ** 20).toFixed(0)} MB`],
    [label, "admesh", admeshSeconds === undefined ? "n/a" : fmt(mtri(triangles, admeshSeconds)), admeshSeconds === undefined ? "not installed" : ""],
  );
  // The BENCH figures are the 5 M-triangle ones.
  Object.assign(figures, {
    "mesh.single_pass": single,
    "mesh.topology": mtri(triangles, topo.seconds),
    "mesh.analyze": mtri(triangles, full.seconds),
    "mesh.single_pass.js": singleJs,
    "mesh.topology.js": topoJs,
    ...(admeshSeconds === undefined ? {} : { "mesh.admesh": mtri(triangles, admeshSeconds) }),
    "mesh.peak_mb": full.memory / 2 ** 20,
    "mesh.file_mb": stl.length / 2 ** 20,
  });
}

console.log(`\nMesh kernel and readers, best of ${REPEATS} (Mtri/s; STL file sizes 14 MB, 48 MB and 238 MB)\n`);
console.log(["size", "measure".padEnd(34), "Mtri/s".padStart(8), "note"].join("  "));
for (const [size, what, value, note] of rows) console.log([size.padEnd(4), what.padEnd(34), value.padStart(8), note].join("  "));
console.log("");
for (const [name, value] of Object.entries(figures)) {
  console.log(`BENCH ${name} ${value.toFixed(name.endsWith("_mtri_s") ? 2 : 1)} ${name.endsWith("_mb") ? "MB" : "Mtri/s"}`);
}
