/** What the analysis worker answers; shared by the worker and the page. */
import type { CadExchangeFormat } from "../../engine/mesh/cad-exchange.ts";
import type { MeshAnalysis, ProfileAnalysisDetail, ProfileContour } from "../../engine/mesh/index.ts";

export interface MeshPart {
  ok: true;
  analysis: MeshAnalysis;
  /** One byte per triangle, bits from FaceFlag. */
  faceFlags: Uint8Array;
  geometry: { positions: Float32Array; indices: Uint32Array };
  /** A STEP/IGES file: the binary STL the browser tessellated, analysed here and uploaded with the original. */
  tessellated?: { format: CadExchangeFormat; stl: Uint8Array };
}

export interface ProfilePart {
  ok: true;
  analysis: ProfileAnalysisDetail;
  contours: ProfileContour[];
}

export type PartAnalysis = MeshPart | ProfilePart;

export interface PartFailure {
  ok: false;
  code: string;
  message: string;
}

export type PartOutcome = PartAnalysis | PartFailure;

export const isMeshPart = (p: PartAnalysis): p is MeshPart => p.analysis.kind === "mesh";
