/** The analysis figures, with units, as the kernel or profile reader measured them. */
import type { Analysis } from "../../engine/mesh/types.ts";
import { useFormat } from "../format/use-format.ts";

export function AnalysisFacts({ analysis }: { analysis: Analysis }) {
  const { cm2, cm3, mm, number, size3 } = useFormat();
  const facts: [string, string, string][] =
    analysis.kind === "mesh"
      ? [
          ["Volume", cm3(analysis.volume_mm3), "volume"],
          ["Surface area", cm2(analysis.surface_area_mm2), "area"],
          ["Bounding box", size3(analysis.bbox_mm.size), "bbox"],
          ["Triangles", number(analysis.triangle_count), "triangles"],
          ["Watertight", analysis.watertight ? "Yes" : `No (${number(analysis.open_edges + analysis.non_manifold_edges)} bad edges)`, "watertight"],
          ["Shells", number(analysis.shells), "shells"],
        ]
      : [
          ["Outline", size3(analysis.bbox_mm.size), "bbox"],
          ["Net area", cm2(analysis.net_area_mm2), "area"],
          ["Cut length", mm(analysis.cut_length_mm), "cut-length"],
          ["Pierces", number(analysis.closed_contours), "pierces"],
          ["Open paths", number(analysis.open_paths), "open-paths"],
          ["Smallest feature", analysis.min_feature_mm === null ? "—" : mm(analysis.min_feature_mm), "min-feature"],
        ];
  return (
    <dl className="facts">
      {facts.map(([label, value, key]) => (
        <div key={key} className="fact">
          <dt>{label}</dt>
          <dd data-testid={`fact-${key}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
