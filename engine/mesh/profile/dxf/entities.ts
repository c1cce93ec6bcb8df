import { type Affine, IDENTITY, mapX, mapY, multiply, rotate, scale, translate } from "../affine.ts";
import { bulgeArc } from "../bulge.ts";
import { type Conic, circleConic, conicX, conicY, transformConic } from "../conic.ts";
import { invalidDxf } from "../errors.ts";
import { type Nurbs, nurbsProblem, nurbsStart } from "../nurbs.ts";
import type { PieceBuilder, PieceSink } from "../pieces.ts";
import { type DxfRecord, Fields } from "./records.ts";

/** A DXF entity; a POLYLINE carries the VERTEX records that followed it. */
export interface DxfEntity extends DxfRecord {
  vertices?: DxfRecord[];
}

export interface DxfBlock {
  name: string;
  base: [number, number];
  entities: DxfEntity[];
}

interface Vertex {
  x: number;
  y: number;
  bulge: number;
}

const MAX_INSERT_DEPTH = 16;
const TAU = 2 * Math.PI;
const DEG = Math.PI / 180;

/** Draws DXF entities into the sink, expanding INSERTs through their blocks. */
export class EntityEmitter {
  entityCount = 0;
  ignored = 0;
  private readonly sink: PieceSink;
  private readonly blocks: Map<string, DxfBlock>;

  constructor(sink: PieceSink, blocks: Map<string, DxfBlock>) {
    this.sink = sink;
    this.blocks = blocks;
  }

  /** m maps the entities' world coordinates to mm; `within` lists the blocks being expanded. */
  emitAll(entities: DxfEntity[], m: Affine, depth: number, within: string[]): void {
    for (const entity of entities) {
      const where = within.length > 0 ? ` (in block "${within[within.length - 1]}")` : "";
      const f = new Fields(entity, `${entity.type} at line ${entity.line}${where}`);
      // Group 67 = 1 marks paper space: title blocks and viewports, not the part.
      if (f.int(67, 0) === 1) continue;
      switch (entity.type) {
        case "LINE":
          this.line(f, m);
          break;
        case "CIRCLE":
          this.circle(f, m);
          break;
        case "ARC":
          this.arc(f, m);
          break;
        case "ELLIPSE":
          this.ellipse(f, m);
          break;
        case "LWPOLYLINE":
          this.polyline(f, multiply(m, ocs(f)), lwVertices(f), (f.int(70, 0) & 1) === 1);
          break;
        case "POLYLINE":
          this.oldPolyline(f, m, entity.vertices ?? []);
          break;
        case "SPLINE":
          this.spline(f, m);
          break;
        case "INSERT":
          this.insert(f, m, depth, within);
          break;
        default:
          this.ignored++;
      }
    }
  }

  private line(f: Fields, m: Affine): void {
    const x0 = f.num(10);
    const y0 = f.num(20);
    const x1 = f.num(11);
    const y1 = f.num(21);
    this.entityCount++;
    const b = this.sink.begin(mapX(m, x0, y0), mapY(m, x0, y0), f.label);
    b.lineTo(mapX(m, x1, y1), mapY(m, x1, y1));
    b.end();
  }

  private circle(f: Fields, m: Affine): void {
    const r = radius(f);
    this.entityCount++;
    this.conicPiece(f, transformConic(multiply(m, ocs(f)), circleConic(f.num(10), f.num(20), r, 0, TAU)), true);
  }

  /** ARC: counter-clockwise in its OCS from angle 50 to angle 51 (degrees). */
  private arc(f: Fields, m: Affine): void {
    const r = radius(f);
    const start = f.num(50) * DEG;
    const sweep = normalizedSweep(f.num(51) * DEG - start);
    this.entityCount++;
    this.conicPiece(f, transformConic(multiply(m, ocs(f)), circleConic(f.num(10), f.num(20), r, start, start + sweep)), sweep === TAU);
  }

  /** ELLIPSE: in world coordinates; the minor axis is ratio·(normal × major). */
  private ellipse(f: Fields, m: Affine): void {
    const [nx, ny, nz] = normal(f);
    const ax = f.num(11);
    const ay = f.num(21);
    const az = f.num(31, 0);
    const ratio = f.num(40);
    if (!(ratio > 0 && ratio <= 1 + 1e-9)) throw invalidDxf(`${f.label}: axis ratio ${ratio} is not in (0, 1].`);
    if (ax === 0 && ay === 0 && az === 0) throw invalidDxf(`${f.label}: the major axis has zero length.`);
    const t0 = f.num(41, 0);
    const sweep = normalizedSweep(f.num(42, TAU) - t0);
    const k: Conic = {
      cx: f.num(10),
      cy: f.num(20),
      ax,
      ay,
      bx: ratio * (ny * az - nz * ay),
      by: ratio * (nz * ax - nx * az),
      t0,
      t1: t0 + sweep,
    };
    this.entityCount++;
    this.conicPiece(f, transformConic(m, k), sweep === TAU);
  }

  private conicPiece(f: Fields, k: Conic, closed: boolean): void {
    const b = this.sink.begin(conicX(k, k.t0), conicY(k, k.t0), f.label);
    b.conic(k);
    if (closed) b.close();
    else b.end();
  }

  /** Old-style POLYLINE: VERTEX records; 3D polylines are in world coordinates, meshes cut nothing. */
  private oldPolyline(f: Fields, m: Affine, records: DxfRecord[]): void {
    const flags = f.int(70, 0);
    if ((flags & (16 | 64)) !== 0) {
      this.ignored++;
      return;
    }
    const vertices: Vertex[] = [];
    for (const record of records) {
      const v = new Fields(record, `VERTEX at line ${record.line} of ${f.label}`);
      // Flag 16: a spline frame control point, not on the curve.
      if ((v.int(70, 0) & 16) !== 0) continue;
      vertices.push({ x: v.num(10), y: v.num(20), bulge: v.num(42, 0) });
    }
    this.polyline(f, (flags & 8) !== 0 ? m : multiply(m, ocs(f)), vertices, (flags & 1) === 1);
  }

  private polyline(f: Fields, m: Affine, vertices: Vertex[], closed: boolean): void {
    this.entityCount++;
    if (vertices.length < 2) return;
    const first = vertices[0];
    const b = this.sink.begin(mapX(m, first.x, first.y), mapY(m, first.x, first.y), f.label);
    for (let i = 1; i < vertices.length; i++) segment(b, m, vertices[i - 1], vertices[i]);
    if (closed) {
      segment(b, m, vertices[vertices.length - 1], first);
      b.close();
    } else {
      b.end();
    }
  }

  /** SPLINE: control points, knots (40) and weights (41); fit points only when no control points exist. */
  private spline(f: Fields, m: Affine): void {
    this.entityCount++;
    const control = pairs(f, 10, 20, m);
    if (control.length === 0) {
      const fit = pairs(f, 11, 21, m);
      if (fit.length < 4) throw invalidDxf(`${f.label}: no control points and fewer than two fit points.`);
      // Without control points the curve through the fit points is approximated by its chords.
      const b = this.sink.begin(fit[0], fit[1], f.label);
      for (let i = 2; i < fit.length; i += 2) b.lineTo(fit[i], fit[i + 1]);
      b.end();
      return;
    }
    const weights = values(f, 41);
    const curve: Nurbs = {
      degree: f.int(71, 3),
      knots: values(f, 40),
      points: control,
      weights: weights.length > 0 && weights.some((w) => w !== 1) ? weights : null,
    };
    const problem = nurbsProblem(curve);
    if (problem) throw invalidDxf(`${f.label}: ${problem}.`);
    const [x, y] = nurbsStart(curve);
    const b = this.sink.begin(x, y, f.label);
    b.nurbs(curve);
    b.end();
  }

  /** INSERT: the block placed at 10/20, scaled (41/42), rotated (50°), repeated in a grid (70/71 × 44/45). */
  private insert(f: Fields, m: Affine, depth: number, within: string[]): void {
    const name = f.str(2);
    const key = name.toUpperCase();
    const block = this.blocks.get(key);
    if (!block) throw invalidDxf(`${f.label}: block "${name}" is not defined.`);
    if (within.includes(key)) throw invalidDxf(`${f.label}: block "${name}" inserts itself.`);
    if (depth >= MAX_INSERT_DEPTH) throw invalidDxf(`${f.label}: blocks are nested more than ${MAX_INSERT_DEPTH} levels deep.`);
    const columns = Math.max(1, f.int(70, 1));
    const rows = Math.max(1, f.int(71, 1));
    this.sink.budget.charge(columns * rows, f.label);
    const place = multiply(multiply(m, ocs(f)), multiply(translate(f.num(10, 0), f.num(20, 0)), rotate(f.num(50, 0) * DEG)));
    const local = multiply(scale(f.num(41, 1), f.num(42, 1)), translate(-block.base[0], -block.base[1]));
    const dx = f.num(44, 0);
    const dy = f.num(45, 0);
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        const instance = multiply(place, multiply(translate(column * dx, row * dy), local));
        this.emitAll(block.entities, instance, depth + 1, [...within, key]);
      }
    }
  }
}

function segment(b: PieceBuilder, m: Affine, from: Vertex, to: Vertex): void {
  if (from.bulge === 0 || (from.x === to.x && from.y === to.y)) b.lineTo(mapX(m, to.x, to.y), mapY(m, to.x, to.y));
  else b.conic(transformConic(m, bulgeArc(from.x, from.y, to.x, to.y, from.bulge)));
}

/** LWPOLYLINE vertices in order: each 10 starts one, 20 completes it, 42 is its bulge. */
function lwVertices(f: Fields): Vertex[] {
  const vertices: Vertex[] = [];
  const { codes, values: raw } = f.record;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === 10) vertices.push({ x: f.parse(10, raw[i]), y: NaN, bulge: 0 });
    else if (vertices.length > 0 && code === 20) vertices[vertices.length - 1].y = f.parse(20, raw[i]);
    else if (vertices.length > 0 && code === 42) vertices[vertices.length - 1].bulge = f.parse(42, raw[i]);
  }
  vertices.forEach((v, i) => {
    if (Number.isNaN(v.y)) throw invalidDxf(`${f.label}: vertex ${i + 1} has no y (group 20).`);
  });
  return vertices;
}

/** Repeated x/y groups as flat pairs mapped by m. */
function pairs(f: Fields, xCode: number, yCode: number, m: Affine): number[] {
  const xs = values(f, xCode);
  const ys = values(f, yCode);
  if (xs.length !== ys.length) throw invalidDxf(`${f.label}: ${xs.length} x values (group ${xCode}) but ${ys.length} y values (group ${yCode}).`);
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) out.push(mapX(m, xs[i], ys[i]), mapY(m, xs[i], ys[i]));
  return out;
}

function values(f: Fields, code: number): number[] {
  const out: number[] = [];
  f.record.codes.forEach((c, i) => {
    if (c === code) out.push(f.parse(code, f.record.values[i]));
  });
  return out;
}

function radius(f: Fields): number {
  const r = f.num(40);
  if (!(r > 0)) throw invalidDxf(`${f.label}: radius ${r} is not positive.`);
  return r;
}

/** A counter-clockwise sweep in (0, 2π]: equal start and end angles mean a full turn. */
function normalizedSweep(sweep: number): number {
  const s = sweep % TAU;
  return s <= 1e-12 ? s + TAU : s;
}

/** The extrusion direction (210/220/230), normalised. */
function normal(f: Fields): [number, number, number] {
  const x = f.num(210, 0);
  const y = f.num(220, 0);
  const z = f.num(230, 1);
  const len = Math.hypot(x, y, z);
  if (len === 0) throw invalidDxf(`${f.label}: the extrusion direction (210/220/230) is zero.`);
  return [x / len, y / len, z / len];
}

/**
 * The object coordinate system's map to world XY by AutoCAD's arbitrary axis
 * algorithm; the common cases are +Z (identity) and −Z (x mirrored).
 */
function ocs(f: Fields): Affine {
  const [nx, ny, nz] = normal(f);
  if (nx === 0 && ny === 0 && nz > 0) return IDENTITY;
  // Ax = Wy × N when N is near the world Z axis, else Wz × N.
  let [ax, ay, az] = Math.abs(nx) < 1 / 64 && Math.abs(ny) < 1 / 64 ? [nz, 0, -nx] : [-ny, nx, 0];
  const len = Math.hypot(ax, ay, az);
  ax /= len;
  ay /= len;
  az /= len;
  return [ax, ay, ny * az - nz * ay, nz * ax - nx * az, 0, 0];
}
