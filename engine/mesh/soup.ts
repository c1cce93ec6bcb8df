/**
 * A growing triangle soup (9 f32 per triangle) that the text and 3MF readers fill and
 * the kernel ingests. Storing as f32 is the rounding every format shares with binary STL.
 */
import { tooManyTriangles } from "./limits.ts";

export class TriangleSoup {
  data: Float32Array;
  count = 0;
  readonly limit: number;
  readonly what: string;

  /** `expected`: the triangles to come, when known, so the soup is allocated once at its size. */
  constructor(what: string, limit: number, expected = 1024) {
    this.what = what;
    this.limit = limit;
    this.data = new Float32Array(9 * Math.max(1, Math.min(expected, limit)));
  }

  /** Room for one more triangle; returns the float offset to write its 9 coordinates at. */
  next(): number {
    if (this.count >= this.limit) throw tooManyTriangles(this.what, undefined, this.limit);
    const at = this.count * 9;
    if (at + 9 > this.data.length) {
      const grown = new Float32Array(Math.min(this.data.length * 2, 9 * this.limit));
      grown.set(this.data);
      this.data = grown;
    }
    this.count++;
    return at;
  }

  /** Appends the triangle with corners a, b, c from a flat xyz array. */
  push(xyz: ArrayLike<number>, a: number, b: number, c: number): void {
    const at = this.next();
    const d = this.data;
    d[at] = xyz[a * 3];
    d[at + 1] = xyz[a * 3 + 1];
    d[at + 2] = xyz[a * 3 + 2];
    d[at + 3] = xyz[b * 3];
    d[at + 4] = xyz[b * 3 + 1];
    d[at + 5] = xyz[b * 3 + 2];
    d[at + 6] = xyz[c * 3];
    d[at + 7] = xyz[c * 3 + 1];
    d[at + 8] = xyz[c * 3 + 2];
  }

  get floats(): Float32Array {
    return this.data.subarray(0, this.count * 9);
  }
}

/** A growing flat list of numbers (vertex coordinates while reading OBJ and 3MF). */
export class NumberList {
  data: Float64Array;
  length = 0;

  constructor(capacity = 3 * 1024) {
    this.data = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

/** A growing flat list of vertex indices (3MF triangles: 12 bytes each rather than a JS array's 24). */
export class IndexList {
  data = new Uint32Array(3 * 1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}
