import kernelModule from "../../wasm/build/kernel.wasm";
import { analyzeMesh, type Analysis, type FileKind } from "../../engine/mesh/index.ts";
import { analyzeProfile } from "../../engine/mesh/profile/index.ts";

export interface AnalyzeTarget {
  kind: FileKind;
  filename: string;
  units: "mm" | "in";
  maxTriangles: number;
}

/**
 * Analyses a stored file with the same kernel the browser runs. Meshes stream
 * from R2 through the kernel's reused buffer (a 100 MB STL is never held
 * whole); 2D profiles are small text and are read at once.
 */
export async function analyzeObject(object: R2ObjectBody, target: AnalyzeTarget): Promise<{ analysis: Analysis; faceFlags?: Uint8Array }> {
  if (target.kind === "dxf" || target.kind === "svg") {
    return { analysis: analyzeProfile(new Uint8Array(await object.arrayBuffer()), { format: target.kind, units: target.units }) };
  }
  const result = await analyzeMesh(object.body, {
    kernel: kernelModule,
    size: object.size,
    filename: target.filename,
    units: target.units,
    maxTriangles: target.maxTriangles,
  });
  return { analysis: result.analysis, faceFlags: result.faceFlags };
}
