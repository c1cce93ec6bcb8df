/**
 * Analyses kept for the tab's lifetime by model id, so the quote page can show
 * the 3D preview of parts that were just dropped without analysing them again.
 * Any other tab fetches the file and analyses it in the worker (`loadPart`).
 */
import type { PartAnalysis } from "../workers/mesh-types.ts";
import { meshClient } from "../workers/load-mesh-client.ts";

/** Larger files are not re-analysed just to draw a preview. */
export const PREVIEW_MAX_BYTES = 30 * 1024 * 1024;

const parts = new Map<string, { filename: string; analysis: PartAnalysis }>();

export const rememberPart = (modelId: string, filename: string, analysis: PartAnalysis) => parts.set(modelId, { filename, analysis });
export const recallPart = (modelId: string) => parts.get(modelId);

/** The analysis of a stored model: from this tab's cache, else downloaded and analysed here. */
export async function loadPart(modelId: string, filename: string, units: "mm" | "in"): Promise<PartAnalysis | undefined> {
  const cached = recallPart(modelId);
  if (cached) return cached.analysis;
  const res = await fetch(`/api/v1/models/${encodeURIComponent(modelId)}/file`);
  if (!res.ok) return undefined;
  const { analyzeFile } = await meshClient();
  const outcome = await analyzeFile(new File([await res.blob()], filename), { units });
  if (!outcome.ok) return undefined;
  rememberPart(modelId, filename, outcome);
  return outcome;
}
