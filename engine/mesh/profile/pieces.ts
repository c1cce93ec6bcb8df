import { EngineError } from "../../errors.ts";
import { cubicChords, cubicPoint, quadraticChords, quadraticPoint } from "./bezier.ts";
import { type Conic, circleRadius, conicAreaCorrection, conicChords, conicExtremes, conicLength, conicX, conicY } from "./conic.ts";
import { tooComplex } from "./errors.ts";
import { type Nurbs, flattenNurbs } from "./nurbs.ts";

/** A circular arc inside a piece, for the inner-radius check. */
export interface ArcMark {
  radius: number;
  /** The centre lies left of the direction the piece runs in. */
  centerLeft: boolean;
}

/** One drawn path in mm, flattened: a DXF entity or an SVG subpath. */
export interface Piece {
  /** Flat x, y pairs; a closed piece ends where it starts. */
  pts: number[];
  /** Exact for lines and circular arcs, integrated for elliptical arcs, the flattened length for other curves. */
  length: number;
  /** Bounding box [minX, minY, maxX, maxY], exact for conics (their extremes between chord points are added). */
  box: [number, number, number, number];
  /** Exact area minus the flattened polygon's, for arcs (translation-invariant). */
  areaCorrection: number;
  arcs: ArcMark[];
  closed: boolean;
  /** Where the piece came from, for messages. */
  label: string;
}

/** Coordinates beyond this (1,000 km) are garbage, not a part. */
const MAX_COORD_MM = 1e9;

/** Counts flattened segments and expanded instances so no input can run away. */
export class Budget {
  readonly limit: number;
  used = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  charge(n: number, where: string): void {
    this.used += n;
    if (!(this.used <= this.limit)) {
      throw tooComplex(`${where}: the drawing needs more than ${this.limit} segments once curves are flattened and blocks expanded.`);
    }
  }
}

/** Collects pieces in mm, flattening curves to the chordal tolerance. */
export class PieceSink {
  readonly pieces: Piece[] = [];
  readonly tolerance: number;
  readonly budget: Budget;

  constructor(tolerance: number, budget: Budget) {
    this.tolerance = tolerance;
    this.budget = budget;
  }

  begin(x: number, y: number, label: string): PieceBuilder {
    return new PieceBuilder(this, x, y, label);
  }
}

export class PieceBuilder {
  private readonly sink: PieceSink;
  private readonly label: string;
  private readonly pts: number[] = [];
  private readonly arcs: ArcMark[] = [];
  private length = 0;
  private areaCorrection = 0;
  private readonly box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];

  constructor(sink: PieceSink, x: number, y: number, label: string) {
    this.sink = sink;
    this.label = label;
    this.push(x, y);
  }

  lineTo(x: number, y: number): void {
    this.sink.budget.charge(1, this.label);
    const [px, py] = this.last();
    if (x === px && y === py) return;
    this.push(x, y);
    this.length += Math.hypot(x - px, y - py);
  }

  /** A conic that starts at the current point. */
  conic(k: Conic): void {
    const values = [k.cx, k.cy, k.ax, k.ay, k.bx, k.by, k.t0, k.t1];
    if (!values.every(Number.isFinite)) throw this.outOfRange(NaN, NaN);
    if (k.t0 === k.t1) return;
    const n = conicChords(k, this.sink.tolerance);
    this.sink.budget.charge(n, this.label);
    for (let i = 1; i <= n; i++) {
      const t = i === n ? k.t1 : k.t0 + ((k.t1 - k.t0) * i) / n;
      this.push(conicX(k, t), conicY(k, t));
    }
    for (const t of conicExtremes(k)) this.extend(conicX(k, t), conicY(k, t));
    const r = circleRadius(k);
    if (r !== null) {
      this.length += r * Math.abs(k.t1 - k.t0);
      this.arcs.push({ radius: r, centerLeft: (k.ax * k.by - k.ay * k.bx) * (k.t1 - k.t0) > 0 });
    } else {
      this.length += conicLength(k, n);
    }
    this.areaCorrection += conicAreaCorrection(k, n);
  }

  cubic(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number): void {
    const [x0, y0] = this.last();
    const n = cubicChords(x0, y0, x1, y1, x2, y2, x3, y3, this.sink.tolerance);
    this.sink.budget.charge(n, this.label);
    const start = this.pts.length;
    for (let i = 1; i <= n; i++) {
      const t = i / n;
      this.push(cubicPoint(x0, x1, x2, x3, t), cubicPoint(y0, y1, y2, y3, t));
    }
    this.length += polylineLength(this.pts, start - 2);
  }

  quadratic(x1: number, y1: number, x2: number, y2: number): void {
    const [x0, y0] = this.last();
    const n = quadraticChords(x0, y0, x1, y1, x2, y2, this.sink.tolerance);
    this.sink.budget.charge(n, this.label);
    const start = this.pts.length;
    for (let i = 1; i <= n; i++) {
      const t = i / n;
      this.push(quadraticPoint(x0, x1, x2, t), quadraticPoint(y0, y1, y2, t));
    }
    this.length += polylineLength(this.pts, start - 2);
  }

  /** A spline whose first point is the current point. */
  nurbs(c: Nurbs): void {
    const start = this.pts.length;
    flattenNurbs(c, this.sink.tolerance, (x, y) => {
      this.sink.budget.charge(1, this.label);
      this.push(x, y);
    });
    this.length += polylineLength(this.pts, start - 2);
  }

  /** Ends the piece where it started and records it as closed. */
  close(): void {
    const x0 = this.pts[0];
    const y0 = this.pts[1];
    const [x, y] = this.last();
    // A curve that ends on its start up to rounding is snapped, not joined by a sliver.
    if (Math.abs(x - x0) + Math.abs(y - y0) <= 1e-9 * (1 + Math.abs(x0) + Math.abs(y0))) {
      this.pts[this.pts.length - 2] = x0;
      this.pts[this.pts.length - 1] = y0;
    } else {
      this.lineTo(x0, y0);
    }
    this.finish(true);
  }

  /** Records the piece as open (the chainer may still join or close it). */
  end(): void {
    this.finish(false);
  }

  private finish(closed: boolean): void {
    if (this.length > 0) {
      const { pts, length, areaCorrection, arcs, box, label } = this;
      this.sink.pieces.push({ pts, length, areaCorrection, arcs, box, closed, label });
    }
  }

  private last(): [number, number] {
    return [this.pts[this.pts.length - 2], this.pts[this.pts.length - 1]];
  }

  private push(x: number, y: number): void {
    if (!(Math.abs(x) <= MAX_COORD_MM && Math.abs(y) <= MAX_COORD_MM)) throw this.outOfRange(x, y);
    this.pts.push(x, y);
    this.extend(x, y);
  }

  private extend(x: number, y: number): void {
    const b = this.box;
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  }

  private outOfRange(x: number, y: number): EngineError {
    return new EngineError("COORDINATE_OUT_OF_RANGE", `${this.label}: coordinate (${x}, ${y}) is not a finite number within ±${MAX_COORD_MM} mm.`, 400);
  }
}

/** Length of the polyline from pair index `from` (in flat units) to the end. */
function polylineLength(pts: number[], from: number): number {
  let sum = 0;
  for (let i = Math.max(0, from); i + 3 < pts.length; i += 2) sum += Math.hypot(pts[i + 2] - pts[i], pts[i + 3] - pts[i + 1]);
  return sum;
}
