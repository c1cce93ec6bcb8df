import { chainPieces } from "./chain.ts";
import { noGeometry } from "./errors.ts";
import { minGap, minInnerRadius } from "./min-feature.ts";
import { holeFlags } from "./nesting.ts";
import type { Piece } from "./pieces.ts";
import type { ProfileReading, SourceInfo } from "./types.ts";

/** Turns the pieces a reader drew into contours and the numbers pricing and DFM need. */
export function measureProfile(pieces: Piece[], source: SourceInfo, joinTolerance: number): ProfileReading {
  if (pieces.length === 0) {
    const skipped = source.ignored > 0 ? ` (${source.ignored} entities that cut nothing, such as text or dimensions, were skipped)` : "";
    throw noGeometry(`The ${source.format.toUpperCase()} contains no cuttable geometry${skipped}.`);
  }
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let cutLength = 0;
  for (const piece of pieces) {
    cutLength += piece.length;
    minX = Math.min(minX, piece.box[0]);
    minY = Math.min(minY, piece.box[1]);
    maxX = Math.max(maxX, piece.box[2]);
    maxY = Math.max(maxY, piece.box[3]);
  }
  const region = { minX, minY, extent: Math.max(maxX - minX, maxY - minY) };
  const contours = chainPieces(pieces, Math.max(joinTolerance, region.extent * 1e-9), region);
  const holes = holeFlags(contours);

  let netArea = 0;
  let closedCount = 0;
  contours.forEach((c, i) => {
    if (!c.closed) return;
    closedCount++;
    netArea += holes[i] ? -Math.abs(c.area) : Math.abs(c.area);
  });
  const gap = minGap(contours, region);
  const radius = minInnerRadius(contours, holes);
  const features = [gap, radius].filter((v): v is number => v !== null);

  return {
    analysis: {
      kind: "profile",
      format: source.format,
      source_units: source.sourceUnits,
      cut_length_mm: cutLength,
      closed_contours: closedCount,
      open_paths: contours.length - closedCount,
      bbox_mm: { min: [minX, minY], max: [maxX, maxY], size: [maxX - minX, maxY - minY] },
      net_area_mm2: netArea,
      min_feature_mm: features.length > 0 ? Math.min(...features) : null,
      entity_count: source.entityCount,
      unit_scale_mm: source.unitScaleMm,
      min_gap_mm: gap,
      min_inner_radius_mm: radius,
      ignored_entities: source.ignored,
    },
    contours: contours.map((c, i) => ({
      closed: c.closed,
      points: Float64Array.from(c.pts),
      length_mm: c.length,
      area_mm2: c.area,
      hole: holes[i],
    })),
  };
}
