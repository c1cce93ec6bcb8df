/**
 * Real files from real software for the tests: OpenSCAD (its STL, its lib3mf 3MF, its
 * SVG with a DOCTYPE, its DXF) and PrusaSlicer (3MF with Slic3r_PE metadata, binary STL),
 * exported in the test run from the small sources in test/fixtures/real-world/. Both are
 * Debian packages (`openscad`, `prusa-slicer`); neither needs a display for these exports.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const FIXTURES = new URL("../../fixtures/real-world/", import.meta.url).pathname;

export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

/** Runs `tool` and returns the bytes it wrote to `output`; fails saying which package to install if the tool is missing. */
export function exportWith(tool: "openscad" | "prusa-slicer", args: string[], output: string): Uint8Array {
  const run = spawnSync(tool, args, { encoding: "utf8", timeout: 60_000 });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new Error(`${tool} is not installed: the real-world tests export their files with it (apt-get install ${tool})`);
  }
  if (run.error || run.status !== 0) {
    throw new Error(`${tool} ${args.join(" ")} failed (${run.error?.message ?? `exit ${run.status}`}): ${(run.stderr ?? "").slice(-800)}`);
  }
  return new Uint8Array(readFileSync(output));
}

export const scratch = (): string => mkdtempSync(join(tmpdir(), "fabquote-real-world-"));

/** OpenSCAD's export of `source` (a file in the fixtures) in the format `ext` names. */
export function openscad(source: string, ext: "stl" | "3mf" | "svg" | "dxf", dir = scratch()): { bytes: Uint8Array; path: string } {
  const path = join(dir, source.replace(/\.scad$/, `.${ext}`));
  return { bytes: exportWith("openscad", ["-o", path, join(FIXTURES, source)], path), path };
}

/** PrusaSlicer's re-export of a model file (`--export-3mf` or `--export-stl`), with extra transform options. */
export function prusaSlicer(input: string, ext: "3mf" | "stl", options: string[] = [], dir = scratch()): Uint8Array {
  const path = join(dir, `prusa.${ext}`);
  return exportWith("prusa-slicer", [`--export-${ext}`, ...options, "-o", path, input], path);
}
