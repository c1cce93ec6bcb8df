/**
 * A drawing's SVG sheet with pan and zoom (drag, wheel, buttons, and the arrow
 * and +/− keys when the sheet has focus) and a toggle per layer: the writer
 * puts each layer in a group `id="layer-NAME"`. The SVG is fetched through the
 * signed download link and put into the page only after a whitelist pass, so
 * nothing in the file can run script on the shop's origin.
 */
import { type KeyboardEvent, type PointerEvent, useCallback, useEffect, useRef, useState } from "react";

const ELEMENTS = new Set(["svg", "title", "rect", "g", "line", "polyline", "polygon", "circle", "path", "text"]);
const MIN = 0.5;
const MAX = 16;
const STEP = 1.25;

/** The sheet's drawing elements only, without any event handler or link. */
function sanitised(text: string): SVGSVGElement | null {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = doc.documentElement;
  if (root.nodeName !== "svg") return null;
  for (const el of [...root.querySelectorAll("*")]) if (!ELEMENTS.has(el.nodeName)) el.remove();
  for (const el of [root, ...root.querySelectorAll("*")]) {
    for (const a of [...el.attributes]) if (/^on|href$/i.test(a.name)) el.removeAttribute(a.name);
  }
  return document.importNode(root, true) as unknown as SVGSVGElement;
}

/** x, y, width, height as shares of the sheet's width. */
type Box = [number, number, number, number];

interface View {
  scale: number;
  x: number;
  y: number;
}

export function SheetViewer({ svgUrl, title }: { svgUrl: string; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const [state, setState] = useState<"loading" | "shown" | "failed">("loading");
  const frame = useRef<HTMLDivElement>(null);
  const [layers, setLayers] = useState<{ name: string; visible: boolean }[]>([]);
  const [views, setViews] = useState<{ code: string; title: string; box: Box }[]>([]);
  const [view, setView] = useState<View>({ scale: 1, x: 0, y: 0 });

  useEffect(() => {
    let live = true;
    fetch(svgUrl, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then((text) => {
        const svg = sanitised(text);
        if (!live || !host.current || !svg) return void (live && setState("failed"));
        svg.setAttribute("width", "100%");
        svg.removeAttribute("height");
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", title);
        host.current.replaceChildren(svg);
        setLayers([...svg.querySelectorAll<SVGGElement>("g[data-layer]")].map((g) => ({ name: g.dataset.layer ?? "", visible: true })));
        const width = svg.viewBox.baseVal.width;
        // View boxes as shares of the sheet's width, so they hold at any size the sheet is shown.
        setViews(
          [...svg.querySelectorAll<SVGRectElement>("rect[data-view]")].map((r) => ({
            code: r.dataset.view ?? "",
            title: r.dataset.title ?? "",
            box: ["x", "y", "width", "height"].map((a) => Number(r.getAttribute(a)) / width) as Box,
          })),
        );
        setState("shown");
      })
      .catch(() => live && setState("failed"));
    return () => {
      live = false;
    };
  }, [svgUrl, title]);

  /** Zooms about the middle of the frame: the point there stays put. */
  const zoom = useCallback(
    (factor: number) =>
      setView((v) => {
        const scale = Math.min(MAX, Math.max(MIN, v.scale * factor));
        const f = scale / v.scale;
        const cx = (frame.current?.clientWidth ?? 0) / 2;
        const cy = (frame.current?.clientHeight ?? 0) / 2;
        return { scale, x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f };
      }),
    [],
  );
  // React listens to wheel events passively, which cannot keep the page from scrolling under the zoom: listen ourselves.
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const onWheel = (e: globalThis.WheelEvent) => {
      e.preventDefault();
      zoom(e.deltaY < 0 ? STEP : 1 / STEP);
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [zoom]);
  /** Fills the frame with one view and a margin round it (its dimensions and title). */
  const showView = ([x, y, w, h]: Box) => {
    const fw = frame.current?.clientWidth ?? 0;
    const fh = frame.current?.clientHeight ?? 0;
    const margin = 0.06;
    const scale = Math.min(MAX, Math.max(MIN, Math.min(1 / (w + 2 * margin), fh / fw / (h + 2 * margin))));
    setView({ scale, x: fw / 2 - (x + w / 2) * fw * scale, y: fh / 2 - (y + h / 2) * fw * scale });
  };
  const pan = (dx: number, dy: number) => setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
  const toggle = (name: string) => {
    const group = host.current?.querySelector<SVGGElement>(`#layer-${CSS.escape(name)}`);
    setLayers((all) =>
      all.map((l) => {
        if (l.name !== name) return l;
        if (group) group.style.display = l.visible ? "none" : "";
        return { ...l, visible: !l.visible };
      }),
    );
  };

  const onPointerDown = (e: PointerEvent) => {
    drag.current = { x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent) => {
    if (!drag.current) return;
    pan(e.clientX - drag.current.x, e.clientY - drag.current.y);
    drag.current = { x: e.clientX, y: e.clientY };
  };
  /** Arrow keys move the sheet, + and − zoom, 0 fits it again. */
  const keyMove = (key: string): (() => void) | undefined => {
    switch (key) {
      case "ArrowLeft":
        return () => pan(40, 0);
      case "ArrowRight":
        return () => pan(-40, 0);
      case "ArrowUp":
        return () => pan(0, 40);
      case "ArrowDown":
        return () => pan(0, -40);
      case "+":
      case "=":
        return () => zoom(STEP);
      case "-":
        return () => zoom(1 / STEP);
      case "0":
        return () => setView({ scale: 1, x: 0, y: 0 });
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const move = keyMove(e.key);
    if (!move) return;
    e.preventDefault();
    move();
  };

  return (
    <div className="sheet-viewer">
      <div className="sheet-tools" role="toolbar" aria-label="Zoom">
        <button type="button" className="button button-secondary" onClick={() => zoom(STEP)} aria-label="Zoom in">
          +
        </button>
        <button type="button" className="button button-secondary" onClick={() => zoom(1 / STEP)} aria-label="Zoom out">
          −
        </button>
        <button type="button" className="button button-secondary" onClick={() => setView({ scale: 1, x: 0, y: 0 })}>
          Fit
        </button>
        <output data-testid="zoom-level" aria-live="polite">
          {Math.round(view.scale * 100)} %
        </output>
      </div>
      <div
        ref={frame}
        className="sheet-frame"
        role="application"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the sheet is a pan-and-zoom surface that takes the arrow and +/− keys
        tabIndex={0}
        aria-label="Drawing sheet: drag or use the arrow keys to move, the wheel or + and − to zoom, 0 to fit"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => {
          drag.current = null;
        }}
        onKeyDown={onKeyDown}
      >
        <div ref={host} className="sheet-canvas" data-testid="sheet" style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }} />
        {state === "loading" && <p className="muted">Loading the sheet…</p>}
        {state === "failed" && <p className="alert alert-error">The sheet could not be loaded. Try the downloads below.</p>}
      </div>
      {views.length > 0 && (
        <fieldset className="sheet-views">
          <legend>Views</legend>
          {views.map((v) => (
            <button key={`${v.code}:${v.title}`} type="button" className="button button-secondary" onClick={() => showView(v.box)}>
              {v.title}
            </button>
          ))}
        </fieldset>
      )}
      {layers.length > 0 && (
        <fieldset className="sheet-layers">
          <legend>Layers</legend>
          {layers.map((l) => (
            <label key={l.name}>
              <input type="checkbox" checked={l.visible} onChange={() => toggle(l.name)} /> {l.name.toLowerCase()}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
