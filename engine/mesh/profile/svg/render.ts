import { type Affine, mapX, mapY, multiply, translate } from "../affine.ts";
import { type Conic, conicX, conicY, transformConic } from "../conic.ts";
import { invalidSvg } from "../errors.ts";
import type { PieceSink } from "../pieces.ts";
import type { SourceInfo } from "../types.ts";
import { PX_PER_UNIT, parseLength, parseNumbers } from "./lengths.ts";
import { drawPathData } from "./path-data.ts";
import { parseTransform } from "./transform.ts";
import { parseViewBox, rootViewport, viewBoxTransform } from "./viewport.ts";
import { type XmlElement, parseXml } from "./xml.ts";

const MAX_USE_DEPTH = 16;
const TAU = 2 * Math.PI;
const CONTAINERS = new Set(["g", "a", "switch"]);
/** Rendered content that a laser does not cut; everything else unknown (defs, clipPath, metadata …) draws nothing. */
const NOT_CUT = new Set(["text", "image", "foreignObject"]);
const HIDDEN_STYLE = /(?:^|;)\s*display\s*:\s*none\s*(?:;|$)/i;

/** Reads an SVG document and draws every shape into the sink in mm. */
export function readSvg(text: string, sink: PieceSink): SourceInfo {
  const root = parseXml(text);
  if (root.name !== "svg") throw invalidSvg(`The root element is <${root.name}>, not <svg>.`);
  const viewport = rootViewport(root);
  const renderer = new SvgRenderer(sink, root, viewport.width, viewport.height);
  renderer.group(root, viewport.toMm, []);
  return {
    format: "svg",
    sourceUnits: viewport.sourceUnits,
    unitScaleMm: Math.sqrt(Math.abs(viewport.toMm[0] * viewport.toMm[3] - viewport.toMm[1] * viewport.toMm[2])),
    entityCount: renderer.entityCount,
    ignored: renderer.ignored,
  };
}

class SvgRenderer {
  entityCount = 0;
  ignored = 0;
  private readonly sink: PieceSink;
  private readonly ids = new Map<string, XmlElement>();
  private readonly width: number;
  private readonly height: number;

  constructor(sink: PieceSink, root: XmlElement, width: number, height: number) {
    this.sink = sink;
    this.width = width;
    this.height = height;
    const pending = [root];
    for (let el = pending.pop(); el; el = pending.pop()) {
      const id = el.attrs.get("id");
      if (id !== undefined && !this.ids.has(id)) this.ids.set(id, el);
      for (const child of el.children) pending.push(child); // not push(...children): a flat file has more than the call stack holds
    }
  }

  /** Draws el's children under m composed with el's own transform; `uses` is the chain of <use> being expanded. */
  group(el: XmlElement, m: Affine, uses: XmlElement[]): void {
    const inner = this.withTransform(el, m);
    for (const child of el.children) this.element(child, inner, uses);
  }

  private element(el: XmlElement, m: Affine, uses: XmlElement[]): void {
    if (el.attrs.get("display") === "none" || HIDDEN_STYLE.test(el.attrs.get("style") ?? "")) return;
    const where = `<${el.name}> at line ${el.line}`;
    if (CONTAINERS.has(el.name)) return this.group(el, m, uses);
    switch (el.name) {
      case "svg":
        return this.nestedSvg(el, m, uses);
      case "use":
        return this.use(el, m, uses, where);
      case "path": {
        const d = el.attrs.get("d");
        if (d === undefined) return;
        this.entityCount++;
        return drawPathData(d, this.withTransform(el, m), this.sink, where);
      }
      case "rect":
        return this.rect(el, this.withTransform(el, m), where);
      case "circle": {
        const r = this.length(el, "r", "r", 0);
        return this.ellipse(el, this.withTransform(el, m), r, r, where);
      }
      case "ellipse": {
        // SVG 2: a missing radius ("auto") takes the other one.
        const rx = this.length(el, "rx", "x", NaN);
        const ry = this.length(el, "ry", "y", NaN);
        return this.ellipse(el, this.withTransform(el, m), Number.isNaN(rx) ? ry : rx, Number.isNaN(ry) ? rx : ry, where);
      }
      case "line": {
        this.entityCount++;
        const b = this.begin(this.withTransform(el, m), this.length(el, "x1", "x", 0), this.length(el, "y1", "y", 0), where);
        b.to(this.length(el, "x2", "x", 0), this.length(el, "y2", "y", 0));
        return b.builder.end();
      }
      case "polyline":
      case "polygon":
        return this.poly(el, this.withTransform(el, m), el.name === "polygon", where);
      default:
        if (NOT_CUT.has(el.name)) this.ignored++;
    }
  }

  /** A nested <svg> is a new viewport at x, y whose viewBox maps onto width × height. */
  private nestedSvg(el: XmlElement, m: Affine, uses: XmlElement[]): void {
    let inner = multiply(m, translate(this.length(el, "x", "x", 0), this.length(el, "y", "y", 0)));
    const vb = parseViewBox(el);
    if (vb) {
      const width = this.length(el, "width", "x", vb.width);
      const height = this.length(el, "height", "y", vb.height);
      inner = multiply(inner, viewBoxTransform(vb, width, height, el.attrs.get("preserveAspectRatio") ?? ""));
    }
    this.group(el, inner, uses);
  }

  /** <use href="#id"> draws the referenced element at x, y; a <symbol> draws its children. */
  private use(el: XmlElement, m: Affine, uses: XmlElement[], where: string): void {
    const href = el.attrs.get("href") ?? el.attrs.get("xlink:href") ?? "";
    const target = href.startsWith("#") ? this.ids.get(href.slice(1)) : undefined;
    if (!target) throw invalidSvg(`${where}: href="${href.slice(0, 60)}" does not name an element in this file.`);
    if (uses.includes(el) || uses.length >= MAX_USE_DEPTH) throw invalidSvg(`${where}: <use> references itself or nests more than ${MAX_USE_DEPTH} deep.`);
    this.sink.budget.charge(1, where);
    const placed = multiply(this.withTransform(el, m), translate(this.length(el, "x", "x", 0), this.length(el, "y", "y", 0)));
    if (target.name === "symbol") this.group(target, placed, [...uses, el]);
    else this.element(target, placed, [...uses, el]);
  }

  private rect(el: XmlElement, m: Affine, where: string): void {
    const x = this.length(el, "x", "x", 0);
    const y = this.length(el, "y", "y", 0);
    const w = this.length(el, "width", "x", 0);
    const h = this.length(el, "height", "y", 0);
    if (w < 0 || h < 0) throw invalidSvg(`${where}: negative width or height.`);
    if (w === 0 || h === 0) return;
    this.entityCount++;
    // A missing corner radius takes the other one; both are clamped to half the side.
    let rx = this.length(el, "rx", "x", NaN);
    let ry = this.length(el, "ry", "y", NaN);
    if (Number.isNaN(rx)) rx = Number.isNaN(ry) ? 0 : ry;
    if (Number.isNaN(ry)) ry = rx;
    rx = Math.min(Math.abs(rx), w / 2);
    ry = Math.min(Math.abs(ry), h / 2);
    const corner = (cx: number, cy: number, t0: number): Conic => transformConic(m, { cx, cy, ax: rx, ay: 0, bx: 0, by: ry, t0, t1: t0 + Math.PI / 2 });
    const b = this.begin(m, x + rx, y, where);
    b.to(x + w - rx, y);
    if (rx > 0 && ry > 0) b.builder.conic(corner(x + w - rx, y + ry, -Math.PI / 2));
    b.to(x + w, y + h - ry);
    if (rx > 0 && ry > 0) b.builder.conic(corner(x + w - rx, y + h - ry, 0));
    b.to(x + rx, y + h);
    if (rx > 0 && ry > 0) b.builder.conic(corner(x + rx, y + h - ry, Math.PI / 2));
    b.to(x, y + ry);
    if (rx > 0 && ry > 0) b.builder.conic(corner(x + rx, y + ry, Math.PI));
    b.builder.close();
  }

  private ellipse(el: XmlElement, m: Affine, rx: number, ry: number, where: string): void {
    if (rx < 0 || ry < 0) throw invalidSvg(`${where}: negative radius.`);
    if (!(rx > 0 && ry > 0)) return;
    this.entityCount++;
    const cx = this.length(el, "cx", "x", 0);
    const cy = this.length(el, "cy", "y", 0);
    const k = transformConic(m, { cx, cy, ax: rx, ay: 0, bx: 0, by: ry, t0: 0, t1: TAU });
    const b = this.sink.begin(conicX(k, 0), conicY(k, 0), where);
    b.conic(k);
    b.close();
  }

  private poly(el: XmlElement, m: Affine, closed: boolean, where: string): void {
    const raw = el.attrs.get("points") ?? "";
    const n = parseNumbers(raw);
    if (!n) throw invalidSvg(`${where}: points="${raw.slice(0, 60)}" is not a list of numbers.`);
    // An odd count leaves a dangling coordinate, which SVG drops.
    if (n.length < 4) return;
    this.entityCount++;
    const b = this.begin(m, n[0], n[1], where);
    for (let i = 2; i + 1 < n.length; i += 2) b.to(n[i], n[i + 1]);
    if (closed) b.builder.close();
    else b.builder.end();
  }

  /** A piece in user units mapped by m. */
  private begin(m: Affine, x: number, y: number, where: string) {
    const builder = this.sink.begin(mapX(m, x, y), mapY(m, x, y), where);
    return { builder, to: (px: number, py: number) => builder.lineTo(mapX(m, px, py), mapY(m, px, py)) };
  }

  private withTransform(el: XmlElement, m: Affine): Affine {
    const t = el.attrs.get("transform");
    return t === undefined ? m : multiply(m, parseTransform(t, `<${el.name}> at line ${el.line}`));
  }

  /** An attribute as a length in user units; percentages refer to the root viewport. */
  private length(el: XmlElement, name: string, axis: "x" | "y" | "r", fallback: number): number {
    const raw = el.attrs.get(name);
    if (raw === undefined || raw.trim() === "auto") return fallback;
    const l = parseLength(raw);
    if (!l) throw invalidSvg(`<${el.name}> at line ${el.line}: ${name}="${raw.slice(0, 40)}" is not a length.`);
    if (l.unit !== "%") return l.value * PX_PER_UNIT[l.unit];
    const reference = axis === "x" ? this.width : axis === "y" ? this.height : Math.hypot(this.width, this.height) / Math.SQRT2;
    return (l.value / 100) * reference;
  }
}
