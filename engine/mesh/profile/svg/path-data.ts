import { type Affine, mapX, mapY } from "../affine.ts";
import { transformConic } from "../conic.ts";
import { invalidSvg } from "../errors.ts";
import type { PieceBuilder, PieceSink } from "../pieces.ts";
import { endpointArc } from "./arc.ts";

const NUMBER = /[\s,]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
const FLAG = /[\s,]*([01])/y;
const COMMAND = /\s*([MmLlHhVvCcSsQqTtAaZz])/y;
const END = /[\s,]*$/y;

/** Reads path data token by token; errors name the element and the character position. */
class PathScanner {
  private readonly d: string;
  private readonly where: string;
  pos = 0;

  constructor(d: string, where: string) {
    this.d = d;
    this.where = where;
  }

  atEnd(): boolean {
    END.lastIndex = this.pos;
    return END.test(this.d);
  }

  command(): string | null {
    COMMAND.lastIndex = this.pos;
    const m = COMMAND.exec(this.d);
    if (!m) return null;
    this.pos = COMMAND.lastIndex;
    return m[1];
  }

  hasNumber(): boolean {
    NUMBER.lastIndex = this.pos;
    return NUMBER.test(this.d);
  }

  number(): number {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.d);
    if (!m) throw this.error("expected a number");
    this.pos = NUMBER.lastIndex;
    return Number(m[1]);
  }

  /** Arc flags are single digits that may run into the next number ("a1 1 0 0110 10"). */
  flag(): boolean {
    FLAG.lastIndex = this.pos;
    const m = FLAG.exec(this.d);
    if (!m) throw this.error("expected an arc flag 0 or 1");
    this.pos = FLAG.lastIndex;
    return m[1] === "1";
  }

  error(what: string): Error {
    const near = this.d.slice(this.pos, this.pos + 20).trim();
    return invalidSvg(`${this.where}: path data: ${what} at character ${this.pos}${near ? ` (near "${near}")` : ""}.`);
  }
}

/**
 * Draws SVG path data through the current transform m (user units → mm): one
 * piece per subpath, closed by Z. Relative commands, implicit repeats and the
 * reflected control points of S and T follow SVG 1.1 §8.3.
 */
export function drawPathData(d: string, m: Affine, sink: PieceSink, where: string): void {
  const s = new PathScanner(d, where);
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  // Last control point of a C/S (cubic) or Q/T (quadratic), for the smooth forms.
  let ctrlX = 0;
  let ctrlY = 0;
  let lastKind = "";
  // Widened on purpose: TypeScript would otherwise narrow it to null, not seeing open() assign it.
  let piece: PieceBuilder | null = null as PieceBuilder | null;
  const open = (): PieceBuilder => (piece ??= sink.begin(mapX(m, x, y), mapY(m, x, y), where));
  const finish = (): void => {
    piece?.end();
    piece = null;
  };

  let command = s.command();
  if (command === null) {
    if (s.atEnd()) return;
    throw s.error("expected a command");
  }
  if (command !== "M" && command !== "m") throw s.error(`the path must start with M, not ${command}`);
  while (command !== null) {
    const rel: boolean = command === command.toLowerCase();
    const ox = rel ? x : 0;
    const oy = rel ? y : 0;
    const upper = command.toUpperCase();
    let kind = "";
    // Drawing commands start their piece at the current point, before it moves.
    const b = upper === "M" || upper === "Z" ? null : open();
    switch (upper) {
      case "M":
        finish();
        x = ox + s.number();
        y = oy + s.number();
        startX = x;
        startY = y;
        // Further pairs after a moveto are implicit linetos.
        command = rel ? "l" : "L";
        break;
      case "Z":
        piece?.close();
        piece = null;
        x = startX;
        y = startY;
        break;
      case "L":
        x = ox + s.number();
        y = oy + s.number();
        b?.lineTo(mapX(m, x, y), mapY(m, x, y));
        break;
      case "H":
        x = ox + s.number();
        b?.lineTo(mapX(m, x, y), mapY(m, x, y));
        break;
      case "V":
        y = oy + s.number();
        b?.lineTo(mapX(m, x, y), mapY(m, x, y));
        break;
      case "C":
      case "S": {
        const [x1, y1] = upper === "C" ? [ox + s.number(), oy + s.number()] : lastKind === "cubic" ? [2 * x - ctrlX, 2 * y - ctrlY] : [x, y];
        const x2 = ox + s.number();
        const y2 = oy + s.number();
        const x3 = ox + s.number();
        const y3 = oy + s.number();
        b?.cubic(mapX(m, x1, y1), mapY(m, x1, y1), mapX(m, x2, y2), mapY(m, x2, y2), mapX(m, x3, y3), mapY(m, x3, y3));
        [ctrlX, ctrlY, x, y, kind] = [x2, y2, x3, y3, "cubic"];
        break;
      }
      case "Q":
      case "T": {
        const [x1, y1] = upper === "Q" ? [ox + s.number(), oy + s.number()] : lastKind === "quadratic" ? [2 * x - ctrlX, 2 * y - ctrlY] : [x, y];
        const x2 = ox + s.number();
        const y2 = oy + s.number();
        b?.quadratic(mapX(m, x1, y1), mapY(m, x1, y1), mapX(m, x2, y2), mapY(m, x2, y2));
        [ctrlX, ctrlY, x, y, kind] = [x1, y1, x2, y2, "quadratic"];
        break;
      }
      default: {
        const rx = s.number();
        const ry = s.number();
        const angle = s.number();
        const large = s.flag();
        const sweep = s.flag();
        const x2 = ox + s.number();
        const y2 = oy + s.number();
        if (x2 !== x || y2 !== y) {
          const arc = endpointArc(x, y, rx, ry, angle, large, sweep, x2, y2);
          if (arc) b?.conic(transformConic(m, arc));
          else b?.lineTo(mapX(m, x2, y2), mapY(m, x2, y2));
        }
        x = x2;
        y = y2;
      }
    }
    lastKind = kind;
    // A command repeats while numbers follow it (Z takes none).
    if (upper !== "Z" && s.hasNumber()) continue;
    command = s.command();
    if (command === null && !s.atEnd()) throw s.error("unexpected character");
  }
  finish();
}
