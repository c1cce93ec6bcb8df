/** The parts of occt-import-js (OpenCascade compiled to wasm by Emscripten) that the STEP reader uses. */
declare module "occt-import-js" {
  interface OcctMesh {
    attributes: { position: { array: number[] } };
    index: { array: number[] };
  }
  interface OcctResult {
    success: boolean;
    meshes: OcctMesh[];
  }
  type TriangulationParams = { linearUnit?: "millimeter" | "centimeter" | "meter" | "inch" | "foot" } | null;
  export interface Occt {
    ReadStepFile(content: Uint8Array, params: TriangulationParams): OcctResult;
    ReadIgesFile(content: Uint8Array, params: TriangulationParams): OcctResult;
  }
  const occtimportjs: (module?: { wasmBinary?: ArrayBuffer; locateFile?: (name: string) => string }) => Promise<Occt>;
  export default occtimportjs;
}
