import { useEffect, useRef, useState, type ReactNode } from "react";
import type { ProductGeometry } from "../../engine/products/index.ts";
import type { PreviewScene } from "./preview-scene.ts";

type State = "loading" | "ready" | "unsupported" | "failed";

interface PreviewProps {
  /** The engine's live geometry; shown unless a generated model is. */
  geometry: ProductGeometry | null;
  /** A generated GLB to show instead of the live geometry. */
  glbUrl: string | null;
  /** What the picture shows, for screen readers: "SPW600e door, 1000 × 2100 mm". */
  description: string;
  /** Shown under the picture when it is drawn for a configuration that cannot be made. */
  warning?: string | null;
  children?: ReactNode;
}

const hasWebGL = () => {
  const canvas = document.createElement("canvas");
  return !!(canvas.getContext("webgl2") ?? canvas.getContext("webgl"));
};

/**
 * The 3D view. three.js is loaded after hydration, in the browser only; the
 * server renders the frame and a placeholder, never a canvas.
 */
export function ProductPreview({ geometry, glbUrl, description, warning, children }: PreviewProps) {
  const host = useRef<HTMLDivElement>(null);
  const [scene, setScene] = useState<PreviewScene | null>(null);
  const [state, setState] = useState<State>("loading");
  const [showing, setShowing] = useState<"live" | "model">("live");

  useEffect(() => {
    // Vite sets import.meta.env.SSR to a constant, so the server build drops this import and three.js stays out of the Worker.
    if (import.meta.env.SSR) return;
    if (!hasWebGL()) {
      setState("unsupported");
      return;
    }
    let created: PreviewScene | null = null;
    let cancelled = false;
    import("./preview-scene.ts")
      .then(({ createPreviewScene }) => {
        if (cancelled || !host.current) return;
        created = createPreviewScene(host.current);
        setScene(created);
        setState("ready");
      })
      .catch(() => !cancelled && setState("failed"));
    return () => {
      cancelled = true;
      created?.dispose();
    };
  }, []);

  useEffect(() => {
    if (!scene) return;
    if (glbUrl) {
      let current = true;
      scene
        .showGlb(glbUrl)
        .then(() => current && setShowing("model"))
        .catch(() => current && setState("failed"));
      return () => {
        current = false;
      };
    }
    if (geometry) {
      scene.showGeometry(geometry);
      setShowing("live");
    }
  }, [scene, geometry, glbUrl]);

  return (
    <section className="card preview" aria-labelledby="preview-title">
      <div className="preview-head">
        <h2 id="preview-title">{showing === "model" ? "Generated 3D model" : "Live preview"}</h2>
        {scene && (
          <button type="button" className="button button-secondary button-small" onClick={() => scene.fit()}>
            Fit view
          </button>
        )}
      </div>
      <div className="preview-stage" data-state={state} data-showing={showing}>
        <div ref={host} className="preview-canvas" role="img" aria-label={`3D view: ${description}. Drag to rotate, scroll to zoom.`} />
        {state !== "ready" && <p className="preview-message">{MESSAGES[state]}</p>}
      </div>
      {warning && (
        <p className="alert alert-error preview-warning" data-testid="preview-warning">
          {warning}
        </p>
      )}
      {children}
    </section>
  );
}

const MESSAGES: Record<Exclude<State, "ready">, string> = {
  loading: "Loading the 3D preview…",
  unsupported: "This browser cannot show 3D (WebGL is off). The results and price below still update as you configure.",
  failed: "The 3D view could not be shown. The results and price still update as you configure.",
};
