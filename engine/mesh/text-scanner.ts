/**
 * A byte-level scanner for the text formats (ASCII STL, OBJ, 3MF's XML): no decoding
 * of the whole file, numbers parsed in place. Every text format shares `number()`, so
 * one solid written in any of them reads back as the same f32 coordinates.
 */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

export const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
const isDigit = (c: number) => c >= 48 && c <= 57;
const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);

export class TextScanner {
  readonly buf: Uint8Array;
  pos: number;
  end: number;
  /** Line of `pos`, counted as the scanner passes newlines (for error messages). */
  line = 1;

  constructor(buf: Uint8Array, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Skips spaces and tabs but stops at a newline. */
  skipBlanks(): void {
    const b = this.buf;
    while (this.pos < this.end && (b[this.pos] === 32 || b[this.pos] === 9 || b[this.pos] === 13)) this.pos++;
  }

  skipSpace(): void {
    const b = this.buf;
    while (this.pos < this.end && isSpace(b[this.pos])) {
      if (b[this.pos] === 10) this.line++;
      this.pos++;
    }
  }

  /** Moves past the next newline. */
  skipLine(): void {
    const i = this.buf.indexOf(10, this.pos);
    this.pos = i < 0 || i >= this.end ? this.end : i + 1;
    this.line++;
  }

  atLineEnd(): boolean {
    return this.pos >= this.end || this.buf[this.pos] === 10 || this.buf[this.pos] === 35; // '#' starts a comment
  }

  /** The next whitespace-delimited token as [start, end), after skipping whitespace. */
  token(): [number, number] {
    this.skipSpace();
    const start = this.pos;
    const b = this.buf;
    while (this.pos < this.end && !isSpace(b[this.pos])) this.pos++;
    return [start, this.pos];
  }

  /** Whether bytes [start, end) spell `word` (ASCII, case-insensitive). */
  is(start: number, end: number, word: string): boolean {
    if (end - start !== word.length) return false;
    for (let i = 0; i < word.length; i++) if (lower(this.buf[start + i]) !== word.charCodeAt(i)) return false;
    return true;
  }

  /** Up to 40 bytes of [start, end) as printable text, for error messages. */
  text(start: number, end: number): string {
    let s = "";
    for (let i = start; i < Math.min(end, start + 40); i++) {
      const c = this.buf[i];
      s += c >= 32 && c < 127 ? String.fromCharCode(c) : "?";
    }
    return s;
  }

  /**
   * A decimal number at `pos` (after blanks on the same line), or undefined (position
   * unchanged) if there is none. `nan` and `inf` spellings parse to NaN/Infinity so the
   * caller reports them as non-finite rather than as a syntax error.
   */
  number(): number | undefined {
    this.skipBlanks();
    const b = this.buf;
    const start = this.pos;
    let i = start;
    let negative = false;
    if (b[i] === 45 || b[i] === 43) negative = b[i++] === 45;
    let mantissa = 0;
    let digits = 0; // significant digits taken into the mantissa (at most 19)
    let scale = 0; // power of ten the mantissa is to be multiplied by
    let any = false;
    while (i < this.end && isDigit(b[i])) {
      any = true;
      if (digits < 19) {
        mantissa = mantissa * 10 + (b[i] - 48);
        if (mantissa > 0) digits++;
      } else scale++;
      i++;
    }
    if (b[i] === 46) {
      i++;
      while (i < this.end && isDigit(b[i])) {
        any = true;
        if (digits < 19) {
          mantissa = mantissa * 10 + (b[i] - 48);
          if (mantissa > 0) digits++;
          scale--;
        }
        i++;
      }
    }
    if (!any) return this.special(start, negative);
    let exponent = 0;
    if (b[i] === 101 || b[i] === 69) {
      let j = i + 1;
      let expNegative = false;
      if (b[j] === 45 || b[j] === 43) expNegative = b[j++] === 45;
      if (!isDigit(b[j])) return this.fail(start);
      while (j < this.end && isDigit(b[j])) {
        if (exponent < 100000) exponent = exponent * 10 + (b[j] - 48);
        j++;
      }
      if (expNegative) exponent = -exponent;
      i = j;
    }
    if (i < this.end && !isSpace(b[i]) && b[i] !== 34 && b[i] !== 39 && b[i] !== 47 && b[i] !== 35) return this.fail(start);
    if (i - start > 400) return this.fail(start);
    this.pos = i;
    const e = scale + exponent;
    if (e >= -22 && e <= 22) {
      // Up to 15 digits the mantissa and the power of ten are exact: one correctly rounded
      // operation. Up to 19 digits it is within a few units in the last place of a double,
      // which the f32 every coordinate is stored as cannot tell apart.
      const value = e < 0 ? mantissa / POW10[-e] : mantissa * POW10[e];
      return negative ? -value : value;
    }
    return Number(String.fromCharCode(...b.subarray(start, i)));
  }

  private special(start: number, negative: boolean): number | undefined {
    const [s, e] = this.wordAt(start + (negative || this.buf[start] === 43 ? 1 : 0));
    if (this.is(s, e, "nan")) {
      this.pos = e;
      return NaN;
    }
    if (this.is(s, e, "inf") || this.is(s, e, "infinity")) {
      this.pos = e;
      return negative ? -Infinity : Infinity;
    }
    return this.fail(start);
  }

  private wordAt(start: number): [number, number] {
    let i = start;
    while (i < this.end && !isSpace(this.buf[i])) i++;
    return [start, i];
  }

  private fail(start: number): undefined {
    this.pos = start;
    return undefined;
  }

  /** A signed integer (OBJ index) followed by optional "/…" parts, or undefined. */
  index(): number | undefined {
    this.skipBlanks();
    const b = this.buf;
    let i = this.pos;
    let negative = false;
    if (b[i] === 45 || b[i] === 43) negative = b[i++] === 45;
    if (!isDigit(b[i])) return undefined;
    let v = 0;
    while (i < this.end && isDigit(b[i])) {
      if (v < 1e12) v = v * 10 + (b[i] - 48);
      i++;
    }
    while (i < this.end && !isSpace(b[i])) i++; // texture and normal indices
    this.pos = i;
    return negative ? -v : v;
  }
}
