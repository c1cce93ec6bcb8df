/**
 * Peak memory of reading a 3MF, for the inflate limit (docs/decisions/0007-reader-memory.md).
 * For each inflated size, a torus 3MF is written twice: as slicers write it (f32
 * coordinates, ~84 bytes of XML per triangle) and dense (integer coordinates, ~62 bytes
 * per triangle, more triangles per byte). Each is analysed in a fresh Node process whose
 * JS heap is held small (--max-old-space-size=48, so garbage is collected as in a tight
 * isolate); the figure is the peak resident memory above the process's resident memory
 * just before the analysis, with the kernel's wasm memory shown apart (it is included).
 * Run: node bench/reader-memory.ts [MiB …]   (default 16 32 64)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";

const SEGMENTS = 500;

/** A torus 3MF whose model XML is about `mib` MiB; `dense` writes integer coordinates. */
function torus3mf(mib: number, dense: boolean): { bytes: Uint8Array; triangles: number; xmlBytes: number } {
  const rings = Math.round((mib * 2 ** 20) / (dense ? 62 : 84) / (2 * SEGMENTS));
  const R = 40,
    r = 12;
  const coord = (v: number) => (dense ? Math.round(v * 10) : Math.fround(v));
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"><resources><object id="1" type="model"><mesh><vertices>\n',
  ];
  for (let i = 0; i < rings; i++) {
    for (let j = 0; j < SEGMENTS; j++) {
      const u = (i / rings) * 2 * Math.PI,
        v = (j / SEGMENTS) * 2 * Math.PI;
      parts.push(
        `<vertex x="${coord((R + r * Math.cos(v)) * Math.cos(u))}" y="${coord((R + r * Math.cos(v)) * Math.sin(u))}" z="${coord(r * Math.sin(v))}"/>\n`,
      );
    }
  }
  parts.push("</vertices><triangles>\n");
  const id = (i: number, j: number) => (i % rings) * SEGMENTS + (j % SEGMENTS);
  for (let i = 0; i < rings; i++) {
    for (let j = 0; j < SEGMENTS; j++) {
      parts.push(
        `<triangle v1="${id(i, j)}" v2="${id(i + 1, j)}" v3="${id(i + 1, j + 1)}"/>\n<triangle v1="${id(i, j)}" v2="${id(i + 1, j + 1)}" v3="${id(i, j + 1)}"/>\n`,
      );
    }
  }
  parts.push('</triangles></mesh></object></resources><build><item objectid="1"/></build></model>\n');
  const xml = strToU8(parts.join(""));
  return { bytes: zipSync({ "3D/3dmodel.model": xml }), triangles: rings * SEGMENTS * 2, xmlBytes: xml.length };
}

/** The child: analyses one file and prints its peak memory. */
async function child(file: string): Promise<void> {
  const { analyzeMesh, createKernel } = await import("../engine/mesh/index.ts");
  const mb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync("/proc/self/status", "utf8"))![1]) / 1024;
  const bytes = new Uint8Array(readFileSync(file));
  const kernel = createKernel(new WebAssembly.Module(readFileSync(new URL("../wasm/build/kernel.wasm", import.meta.url))));
  (globalThis as { gc?: () => void }).gc?.();
  const before = mb("VmRSS");
  const { analysis } = await analyzeMesh(bytes, { kernel, maxInflatedBytes: 2 ** 30 });
  console.log(JSON.stringify({ triangles: analysis.triangle_count, peak_mb: mb("VmHWM") - before, wasm_mb: kernel.memoryBytes / 2 ** 20 }));
}

if (process.argv[2] === "--child") await child(process.argv[3]);
else {
  const sizes = process.argv.slice(2).map(Number);
  const dir = mkdtempSync(join(tmpdir(), "fabquote-memory-"));
  console.log("inflated MiB  style    triangles  peak above baseline MB  (of which wasm MB)");
  try {
    for (const mib of sizes.length > 0 ? sizes : [16, 32, 64]) {
      for (const dense of [false, true]) {
        const { bytes, triangles, xmlBytes } = torus3mf(mib, dense);
        const file = join(dir, "part.3mf");
        writeFileSync(file, bytes);
        const run = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=48", new URL(import.meta.url).pathname, "--child", file], {
          encoding: "utf8",
        });
        if (run.status !== 0) throw new Error(run.stderr);
        const r = JSON.parse(run.stdout) as { triangles: number; peak_mb: number; wasm_mb: number };
        if (r.triangles !== triangles) throw new Error(`read ${r.triangles} triangles of ${triangles}`);
        const row = [
          (xmlBytes / 2 ** 20).toFixed(1).padStart(12),
          (dense ? "dense" : "slicer").padEnd(7),
          String(triangles).padStart(10),
          r.peak_mb.toFixed(0).padStart(22),
          r.wasm_mb.toFixed(0).padStart(19),
        ];
        console.log(row.join("  "));
        console.log(`BENCH mesh.threemf_peak_mb.${mib}mib.${dense ? "dense" : "slicer"} ${r.peak_mb.toFixed(0)} MB`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
