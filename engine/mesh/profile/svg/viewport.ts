import type { Units } from "../../types.ts";
import { type Affine, IDENTITY, multiply } from "../affine.ts";
import { invalidSvg } from "../errors.ts";
import { type Length, MM_PER_PX, PX_PER_UNIT, parseLength, parseNumbers } from "./lengths.ts";
import type { XmlElement } from "./xml.ts";

export interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RootViewport {
  /** User units → mm with y up (the viewport's bottom edge at y = 0 when its height is known). */
  toMm: Affine;
  /** The viewport in user units, which percentages refer to. */
  width: number;
  height: number;
  sourceUnits: Units;
}

export function parseViewBox(el: XmlElement): ViewBox | null {
  const raw = el.attrs.get("viewBox");
  if (raw === undefined) return null;
  const n = parseNumbers(raw);
  if (n?.length !== 4 || !(n[2] > 0 && n[3] > 0)) {
    throw invalidSvg(`Line ${el.line}: viewBox="${raw.slice(0, 60)}" is not four numbers with a positive width and height.`);
  }
  return { x: n[0], y: n[1], width: n[2], height: n[3] };
}

/** The map from a viewBox onto a width × height viewport at the origin, honouring preserveAspectRatio. */
export function viewBoxTransform(vb: ViewBox, width: number, height: number, aspect: string): Affine {
  const sx = width / vb.width;
  const sy = height / vb.height;
  const [align = "xMidYMid", mode = "meet"] = aspect
    .replace(/^\s*defer\s+/, "")
    .split(/\s+/)
    .filter(Boolean);
  if (align === "none") return [sx, 0, 0, sy, -vb.x * sx, -vb.y * sy];
  const s = mode === "slice" ? Math.max(sx, sy) : Math.min(sx, sy);
  const free = (room: number, used: number, where: string): number => (where === "Mid" ? (room - used) / 2 : where === "Max" ? room - used : 0);
  return [s, 0, 0, s, -vb.x * s + free(width, vb.width * s, align.slice(1, 4)), -vb.y * s + free(height, vb.height * s, align.slice(5, 8))];
}

/**
 * The root <svg>'s physical size: width and height with units fix the
 * viewport in mm and the viewBox is fitted into it; without them the user
 * unit is one CSS px (1/96 in). A missing width or height follows the
 * viewBox's aspect ratio. y is flipped so contours come out y up like DXF.
 */
export function rootViewport(svg: XmlElement): RootViewport {
  const vb = parseViewBox(svg);
  const w = absoluteLength(svg, "width");
  const h = absoluteLength(svg, "height");
  let width = w === null ? null : w.value * PX_PER_UNIT[w.unit];
  let height = h === null ? null : h.value * PX_PER_UNIT[h.unit];
  if (vb) {
    if (width === null && height === null) [width, height] = [vb.width, vb.height];
    else if (width === null && height !== null) width = (height * vb.width) / vb.height;
    else if (height === null && width !== null) height = (width * vb.height) / vb.width;
  }
  const userToPx = vb && width !== null && height !== null ? viewBoxTransform(vb, width, height, svg.attrs.get("preserveAspectRatio") ?? "") : IDENTITY;
  const flip: Affine = [MM_PER_PX, 0, 0, -MM_PER_PX, 0, (height ?? 0) * MM_PER_PX];
  const unit = (w ?? h)?.unit ?? "";
  return {
    toMm: multiply(flip, userToPx),
    width: vb ? vb.width : (width ?? 0),
    height: vb ? vb.height : (height ?? 0),
    sourceUnits: unit === "mm" || unit === "cm" || unit === "q" ? "mm" : "in",
  };
}

/** A width or height with a unit other than %, or null when absent, "auto" or relative. */
function absoluteLength(svg: XmlElement, name: string): Length | null {
  const raw = svg.attrs.get(name);
  if (raw === undefined || raw.trim() === "auto") return null;
  const length = parseLength(raw);
  if (!length) throw invalidSvg(`Line ${svg.line}: ${name}="${raw.slice(0, 40)}" on <svg> is not a length.`);
  if (length.unit === "%") return null;
  if (!(length.value > 0)) throw invalidSvg(`Line ${svg.line}: ${name}="${raw}" on <svg> must be positive.`);
  return length;
}
