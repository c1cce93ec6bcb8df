/**
 * Analyses kept for the tab's lifetime by model id, so the quote page can show
 * the 3D preview of parts that were just dropped without analysing them again.
 * The API offers no download of a model's file, so after a reload the quote
 * page shows the server's figures without a preview.
 */
import type { PartAnalysis } from "../workers/mesh-types.ts";

const parts = new Map<string, { filename: string; analysis: PartAnalysis }>();

export const rememberPart = (modelId: string, filename: string, analysis: PartAnalysis) => parts.set(modelId, { filename, analysis });
export const recallPart = (modelId: string) => parts.get(modelId);
