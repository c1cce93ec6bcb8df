/**
 * The 3D part preview: orbit (drag), zoom (wheel or buttons), fit, and problem
 * faces coloured with a legend. Client only: load it through LazyPartViewer.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { useFormat } from "../format/use-format.ts";
import { countCategories, FACE_CATEGORIES, type FaceCategory } from "./face-categories.ts";
import { PartScene, type PartGeometry } from "./part-scene.ts";

export interface PartViewerProps {
  geometry: PartGeometry;
  faceFlags: Uint8Array;
  /** Colour only this category (a DFM finding's faces); every category when absent. */
  focus?: FaceCategory["key"];
  label: string;
}

export default function PartViewer({ geometry, faceFlags, focus, label }: PartViewerProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scene = useRef<PartScene | null>(null);
  const [failed, setFailed] = useState(false);
  const { number } = useFormat();
  const counts = useMemo(() => countCategories(faceFlags), [faceFlags]);
  const shown = useMemo(() => new Set(FACE_CATEGORIES.filter((c) => (focus ? c.key === focus : true)).map((c) => c.key)), [focus]);

  useEffect(() => {
    try {
      scene.current = new PartScene(canvas.current!, geometry, faceFlags);
    } catch {
      setFailed(true);
      return;
    }
    return () => {
      scene.current?.dispose();
      scene.current = null;
    };
  }, [geometry, faceFlags]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new mesh needs its highlight drawn again
  useEffect(() => scene.current?.highlight(shown), [shown, geometry, faceFlags]);

  const legend = FACE_CATEGORIES.filter((c) => counts[c.key] > 0);
  return (
    <figure className="viewer">
      <div className="viewer-stage">
        {failed ? (
          <p className="viewer-message">The 3D preview needs WebGL, which this browser has turned off. The analysis and price are unaffected.</p>
        ) : (
          <canvas ref={canvas} className="viewer-canvas" tabIndex={0} aria-label={`3D preview of ${label}: drag to orbit, scroll to zoom, arrow keys to pan`} />
        )}
        {!failed && (
          <div className="viewer-tools" role="toolbar" aria-label="View">
            <button type="button" className="viewer-tool" onClick={() => scene.current?.zoom(0.8)} aria-label="Zoom in">
              +
            </button>
            <button type="button" className="viewer-tool" onClick={() => scene.current?.zoom(1.25)} aria-label="Zoom out">
              −
            </button>
            <button type="button" className="viewer-tool viewer-tool-text" onClick={() => scene.current?.fit()}>
              Fit
            </button>
          </div>
        )}
      </div>
      <figcaption className="viewer-legend">
        {legend.length === 0 ? (
          <span className="legend-ok">No problem faces</span>
        ) : (
          <ul aria-label="Highlighted faces">
            {legend.map((c) => (
              <li key={c.key} className={shown.has(c.key) ? undefined : "legend-muted"}>
                <span className="legend-swatch" style={{ background: c.colour }} aria-hidden="true" />
                {c.label} <span className="legend-count">{number(counts[c.key])} faces</span>
              </li>
            ))}
          </ul>
        )}
      </figcaption>
    </figure>
  );
}
