import { EngineError } from "../../../errors.ts";
import { invalidDxf } from "../errors.ts";

/** One DXF object: the pairs from a group code 0 up to the next. */
export interface DxfRecord {
  type: string;
  /** Line number of the record's "0". */
  line: number;
  codes: number[];
  values: string[];
}

const GROUP_CODE = /^\s*-?\d{1,4}\s*$/;

/**
 * Reads an ASCII DXF as a stream of records. Group codes are integers on
 * their own line, each followed by one value line; 999 comments are dropped.
 */
export class DxfRecordReader {
  private readonly text: string;
  private pos = 0;
  private lineNo = 0;
  private pendingType: string | null = null;
  private pendingLine = 0;

  constructor(text: string) {
    if (text.startsWith("AutoCAD Binary DXF")) {
      throw new EngineError("UNSUPPORTED_DXF", "Binary DXF is not supported; save the drawing as ASCII DXF.", 415);
    }
    this.text = text;
  }

  next(): DxfRecord | null {
    if (this.pendingType === null) {
      const first = this.pair();
      if (first === null) return null;
      if (first.code !== 0) throw invalidDxf(`Line ${first.line}: expected group code 0 to start an object, found ${first.code}.`);
      this.pendingType = first.value;
      this.pendingLine = first.line;
    }
    const record: DxfRecord = { type: this.pendingType.toUpperCase(), line: this.pendingLine, codes: [], values: [] };
    this.pendingType = null;
    for (let p = this.pair(); p !== null; p = this.pair()) {
      if (p.code === 0) {
        this.pendingType = p.value;
        this.pendingLine = p.line;
        break;
      }
      record.codes.push(p.code);
      record.values.push(p.value);
    }
    return record;
  }

  private pair(): { code: number; value: string; line: number } | null {
    for (;;) {
      const codeLine = this.line();
      // A blank last line is a trailing newline, not a group.
      if (codeLine === null || (codeLine.trim() === "" && this.pos >= this.text.length)) return null;
      const line = this.lineNo;
      if (!GROUP_CODE.test(codeLine)) {
        throw invalidDxf(`Line ${line}: expected a group code, found "${codeLine.trim().slice(0, 40)}"; the file is not an ASCII DXF or is damaged.`);
      }
      const value = this.line();
      if (value === null) throw invalidDxf(`Line ${line}: group code ${codeLine.trim()} has no value; the file is truncated.`);
      const code = Number(codeLine);
      if (code !== 999) return { code, value: value.trim(), line };
    }
  }

  private line(): string | null {
    if (this.pos >= this.text.length) return null;
    let end = this.text.indexOf("\n", this.pos);
    if (end < 0) end = this.text.length;
    const raw = this.text.slice(this.pos, end);
    this.pos = end + 1;
    this.lineNo++;
    return raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  }
}

/** Typed access to a record's values, with errors that name the entity and group. */
export class Fields {
  readonly record: DxfRecord;
  readonly label: string;

  constructor(record: DxfRecord, label: string) {
    this.record = record;
    this.label = label;
  }

  num(code: number, fallback?: number): number {
    const i = this.record.codes.indexOf(code);
    if (i < 0) {
      if (fallback === undefined) throw invalidDxf(`${this.label}: group ${code} is missing.`);
      return fallback;
    }
    return this.parse(code, this.record.values[i]);
  }

  int(code: number, fallback: number): number {
    const v = this.num(code, fallback);
    if (!Number.isInteger(v)) throw invalidDxf(`${this.label}: group ${code} must be an integer, found ${v}.`);
    return v;
  }

  str(code: number): string {
    const i = this.record.codes.indexOf(code);
    return i < 0 ? "" : this.record.values[i];
  }

  parse(code: number, value: string): number {
    const v = value === "" ? NaN : Number(value);
    if (!Number.isFinite(v)) throw invalidDxf(`${this.label}: group ${code} is not a number ("${value.slice(0, 40)}").`);
    return v;
  }
}
