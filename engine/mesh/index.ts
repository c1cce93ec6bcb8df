/** 3D meshes: format detection, readers, the WebAssembly kernel and the analysis. */
export { analyzeMesh, WELD_TOLERANCE, type AnalyzeMeshOptions, type MeshGeometry, type MeshResult } from "./analyze.ts";
export { detectFormat, DETECT_BYTES, type DetectOptions, type FileKind } from "./detect.ts";
export { createKernel, instantiateKernel, MeshKernel } from "./kernel.ts";
export type { MeshInput, ReadControl } from "./input.ts";
export type { ByteStream, WasmInstance, WasmModule } from "./webassembly.d.ts";
export { DEFAULT_MAX_INFLATED_BYTES, DEFAULT_MAX_TRIANGLES } from "./limits.ts";
export { AnalysisBudget, WORK_NS } from "./budget.ts";
export * from "./types.ts";
export { MAX_VOLUME_BANDS, perimeterBands, sectionEulerBands, volumeBands, volumeBandCount } from "./volume-bands.ts";
export {
  analyzeProfile,
  readProfile,
  detectProfileFormat,
  type ProfileAnalysisDetail,
  type ProfileContour,
  type ProfileOptions,
  type ProfileReading,
} from "./profile/index.ts";
