import { LAYER_NAMES, LAYERS } from "../layers.ts";
import { fontSizeFor } from "../lettering.ts";
import type { DrawingSheet, Shape, Vec } from "../model.ts";

/**
 * The sheet as SVG for the browser viewer: width and height in mm and a viewBox
 * in mm, so one user unit is one millimetre on paper; one group per layer
 * (`id="layer-OUTLINE"`, …) carrying its ISO line width; text as text; an
 * unpainted `rect[data-view]` per view marks where it sits on the paper.
 * SVG's y runs down, so y is flipped here and nowhere else.
 */
export function sheetToSvg(sheet: DrawingSheet): string {
  const H = sheet.height;
  const n = (v: number) => String(Math.round(v * 1000) / 1000);
  const pt = (p: Vec) => `${n(p[0])},${n(H - p[1])}`;
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${sheet.width}mm" height="${sheet.height}mm" viewBox="0 0 ${sheet.width} ${sheet.height}" font-family="Noto Sans, Arial, Helvetica, sans-serif">`,
    `<title>${esc(`${sheet.title_block.drawing_number} rev. ${sheet.revision} — ${sheet.title_block.title}`)}</title>`,
    `<rect width="${sheet.width}" height="${sheet.height}" fill="#fff"/>`,
  ];
  for (const name of LAYER_NAMES) {
    const layer = LAYERS[name];
    const dash = layer.dash ? ` stroke-dasharray="${layer.dash.map(n).join(" ")}"` : "";
    out.push(
      `<g id="layer-${name}" data-layer="${name}" stroke="#000" stroke-width="${layer.weight}"${dash} fill="none" stroke-linecap="round" stroke-linejoin="round">`,
    );
    for (const s of sheet.layers[name]) out.push(shape(s, pt, n, H));
    out.push("</g>");
  }
  // Where each view sits on the paper, unpainted, so a viewer can list the views and zoom to one.
  for (const v of sheet.views) {
    const denominator = Number(v.scale.split(":")[1]);
    const w = (v.bounds.max[0] - v.bounds.min[0]) / denominator;
    const h = (v.bounds.max[1] - v.bounds.min[1]) / denominator;
    out.push(
      `<rect data-view="${esc(v.code)}" data-title="${esc(v.title)}" x="${n(v.origin[0])}" y="${n(H - v.origin[1] - h)}" width="${n(w)}" height="${n(h)}" fill="none" stroke="none"/>`,
    );
  }
  out.push("</svg>");
  return out.join("\n");
}

function shape(s: Shape, pt: (p: Vec) => string, n: (v: number) => string, H: number): string {
  switch (s.kind) {
    case "line":
      return `<line x1="${n(s.a[0])}" y1="${n(H - s.a[1])}" x2="${n(s.b[0])}" y2="${n(H - s.b[1])}"/>`;
    case "polyline":
      return `<${s.closed ? "polygon" : "polyline"} points="${s.points.map(pt).join(" ")}"/>`;
    case "fill":
      return `<polygon points="${s.points.map(pt).join(" ")}" fill="#000" stroke="none"/>`;
    case "circle":
      return `<circle cx="${n(s.c[0])}" cy="${n(H - s.c[1])}" r="${n(s.r)}"/>`;
    case "arc": {
      const rad = (d: number) => (d * Math.PI) / 180;
      const p = (d: number): Vec => [s.c[0] + s.r * Math.cos(rad(d)), s.c[1] + s.r * Math.sin(rad(d))];
      const large = (((s.end - s.start) % 360) + 360) % 360 > 180 ? 1 : 0;
      // Counter-clockwise on paper is sweep-flag 0 once y is flipped.
      return `<path d="M${pt(p(s.start))} A${n(s.r)},${n(s.r)} 0 ${large} 0 ${pt(p(s.end))}"/>`;
    }
    case "text": {
      const anchor = s.align === "left" ? "start" : s.align === "right" ? "end" : "middle";
      const x = n(s.at[0]);
      const y = n(H - s.at[1]);
      const rotate = s.rotation ? ` transform="rotate(-90 ${x} ${y})"` : "";
      return `<text x="${x}" y="${y}" font-size="${n(fontSizeFor(s.height))}" text-anchor="${anchor}" fill="#000" stroke="none"${rotate}>${esc(s.text)}</text>`;
    }
  }
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
