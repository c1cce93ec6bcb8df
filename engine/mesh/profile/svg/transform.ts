import { type Affine, IDENTITY, multiply, rotate, scale, skewX, skewY, translate } from "../affine.ts";
import { invalidSvg } from "../errors.ts";
import { parseNumbers } from "./lengths.ts";

const ITEM = /[\s,]*(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)/y;
const ARGUMENTS: Record<string, number[]> = { matrix: [6], translate: [1, 2], scale: [1, 2], rotate: [1, 3], skewX: [1], skewY: [1] };
const DEG = Math.PI / 180;

/** The `transform` attribute as one matrix; the list applies right to left, as SVG nests it. */
export function parseTransform(text: string, where: string): Affine {
  let m = IDENTITY;
  let i = 0;
  for (;;) {
    ITEM.lastIndex = i;
    const item = ITEM.exec(text);
    if (!item) break;
    i = ITEM.lastIndex;
    const [, name, raw] = item;
    const a = parseNumbers(raw);
    if (!a || !ARGUMENTS[name].includes(a.length)) throw invalidSvg(`${where}: transform ${name}(${raw.trim()}) has the wrong arguments.`);
    m = multiply(m, transformOf(name, a));
  }
  if (!/^[\s,]*$/.test(text.slice(i))) throw invalidSvg(`${where}: cannot read transform "${text.slice(i).trim().slice(0, 40)}".`);
  return m;
}

function transformOf(name: string, a: number[]): Affine {
  switch (name) {
    case "matrix":
      return [a[0], a[1], a[2], a[3], a[4], a[5]];
    case "translate":
      return translate(a[0], a[1] ?? 0);
    case "scale":
      return scale(a[0], a[1] ?? a[0]);
    case "rotate":
      return a.length === 3 ? multiply(translate(a[1], a[2]), multiply(rotate(a[0] * DEG), translate(-a[1], -a[2]))) : rotate(a[0] * DEG);
    case "skewX":
      return skewX(a[0] * DEG);
    default:
      return skewY(a[0] * DEG);
  }
}
