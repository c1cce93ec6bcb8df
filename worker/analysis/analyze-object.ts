import kernelModule from "../../wasm/build/kernel.wasm";
import { analyzeMesh, AnalysisBudget, WORK_NS, type Analysis, type FileKind } from "../../engine/mesh/index.ts";
import { readProfile } from "../../engine/mesh/profile/index.ts";
import { partThumbnail, profileThumbnail } from "./thumbnail.ts";

export interface AnalyzeTarget {
  kind: FileKind;
  filename: string;
  units: "mm" | "in";
  maxTriangles: number;
  /** Processing allowed for this one file; over it the analysis fails with ANALYSIS_TIME_LIMIT. */
  budgetMs: number;
}

export interface AnalyzedObject {
  analysis: Analysis;
  faceFlags?: Uint8Array;
  /** PNG picture of the part (a 2D profile's outline from above), for quote lists and PDFs. */
  thumbnail?: Uint8Array;
}

/**
 * Analyses a stored file with the same kernel the browser runs. Meshes stream
 * from R2 through the kernel's reused buffer (a 100 MB STL is never held
 * whole); 2D profiles are small text and are read at once.
 */
export async function analyzeObject(object: R2ObjectBody, target: AnalyzeTarget): Promise<AnalyzedObject> {
  const budget = new AnalysisBudget(target.budgetMs);
  if (target.kind === "dxf" || target.kind === "svg") {
    budget.charge(object.size * WORK_NS.profileByte, "reading");
    const { analysis, contours } = readProfile(new Uint8Array(await object.arrayBuffer()), { format: target.kind, units: target.units });
    return { analysis, thumbnail: profileThumbnail(contours) };
  }
  let thumbnail: Uint8Array | undefined;
  const result = await analyzeMesh(object.body, {
    kernel: kernelModule,
    size: object.size,
    filename: target.filename,
    units: target.units,
    maxTriangles: target.maxTriangles,
    budget,
    // Drawn from the kernel's own memory: a 2 M-triangle part leaves no room in the isolate for a copy.
    inspectGeometry: (geometry) => (thumbnail = partThumbnail(geometry)),
  });
  return { analysis: result.analysis, faceFlags: result.faceFlags, thumbnail };
}
