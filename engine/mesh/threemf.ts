/**
 * 3MF (core specification): a zip whose model part (by default 3D/3dmodel.model,
 * otherwise the target of the root relationship) holds objects with meshes or
 * components, and build items that place them. Only the parts needed are inflated,
 * through fflate's streaming inflate fed in small slices; the bytes actually inflated
 * are counted and the read stops at the limit, whatever sizes the archive declares.
 * XML is scanned in place as bytes. A DOCTYPE naming an external DTD is skipped (never
 * fetched); one with an internal subset, or any entity declaration, is refused.
 */
import { Unzip, UnzipInflate, type UnzipFile } from "fflate";
import { EngineError } from "../errors.ts";
import { readDoctype } from "./doctype.ts";
import { fmt, tooManyTriangles } from "./limits.ts";
import { isSpace, TextScanner } from "./text-scanner.ts";
import { IndexList, NumberList, TriangleSoup } from "./soup.ts";

/** Compressed bytes fed per push: deflate expands at most ~1,032×, so ≤ 17 MB inflate between checks. */
const SLICE = 16 * 1024;
const MAX_DEPTH = 32;
/** Vertex indices are held as u32. */
const MAX_INDEX = 2 ** 32 - 1;

const UNITS: Record<string, number> = {
  micron: 0.001,
  millimeter: 1,
  centimeter: 10,
  inch: 25.4,
  foot: 304.8,
  meter: 1000,
};

export interface ThreeMfMesh {
  soup: TriangleSoup;
  /** Millimetres per model unit. */
  unitScale: number;
  unit: string;
}

const invalid = (code: string, message: string) => new EngineError(code, message, 400);

/**
 * Inflates the parts a 3MF reader needs, refusing to inflate more than `maxInflated`
 * bytes in total. A part whose declared size fits what is left of the limit is inflated
 * straight into one buffer of that size, so it is held once rather than as chunks and
 * their copy; a size the archive misstates only costs that copy.
 */
function unzipParts(bytes: Uint8Array, maxInflated: number): Map<string, Uint8Array> {
  const wanted = (name: string) => name === "_rels/.rels" || name.toLowerCase().endsWith(".model");
  const parts = new Map<string, Uint8Array>();
  const pending = new Set<string>();
  let inflated = 0;
  let reserved = 0; // bytes set aside for declared sizes
  let failure: EngineError | undefined;
  const unzip = new Unzip((file: UnzipFile) => {
    if (!wanted(file.name)) return;
    const declared = file.originalSize ?? 0;
    const whole = declared > 0 && reserved + declared <= maxInflated ? new Uint8Array(declared) : undefined;
    reserved += whole?.length ?? 0;
    const part = new PartBytes(whole);
    pending.add(file.name);
    file.ondata = (err, data, final) => {
      if (failure) return;
      if (err) {
        failure = invalid("3MF_CORRUPT", `3MF part ${file.name} cannot be inflated: ${err.message}`);
        return;
      }
      inflated += data.length;
      if (inflated > maxInflated) {
        failure = new EngineError(
          "3MF_TOO_LARGE",
          `3MF archive inflates to more than ${fmt(maxInflated)} bytes (stopped at ${fmt(inflated)}), more than the analyser has memory for; a binary STL of the same part is read as a stream`,
          413,
          [{ field: "file", message: `at most ${fmt(maxInflated)} bytes uncompressed` }],
        );
        file.terminate();
        return;
      }
      part.add(data);
      if (final) {
        pending.delete(file.name);
        parts.set(file.name, part.bytes());
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !failure; at += SLICE) {
      unzip.push(bytes.subarray(at, at + SLICE), at + SLICE >= bytes.length);
    }
  } catch (e) {
    failure ??= invalid("3MF_CORRUPT", `3MF archive is corrupt: ${(e as Error).message}`);
  }
  if (failure) throw failure;
  if (pending.size > 0) throw invalid("3MF_CORRUPT", `3MF archive ends inside part ${[...pending][0]}`);
  return parts;
}

/** One part's inflated bytes: in the buffer of its declared size while they fit it, else in chunks joined at the end. */
class PartBytes {
  private whole: Uint8Array | undefined;
  private used = 0;
  private readonly chunks: Uint8Array[] = [];

  constructor(whole: Uint8Array | undefined) {
    this.whole = whole;
  }

  add(data: Uint8Array): void {
    if (this.whole && this.used + data.length <= this.whole.length) this.whole.set(data, this.used);
    else {
      if (this.whole) this.chunks.push(this.whole.subarray(0, this.used));
      this.whole = undefined;
      this.chunks.push(data);
    }
    this.used += data.length;
  }

  bytes(): Uint8Array {
    if (this.whole) return this.whole.subarray(0, this.used);
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.used);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** The model part's name: the root relationship's target of the 3D-model type, else the default. */
function modelPartName(parts: Map<string, Uint8Array>): string {
  const rels = parts.get("_rels/.rels");
  if (rels) {
    let target: string | undefined;
    scanXml(rels, (tag, attrs) => {
      if (tag === "Relationship" && (attrs.get("Type") ?? "").endsWith("/3dmodel")) target ??= attrs.get("Target");
    });
    if (target) return target.replace(/^\//, "");
  }
  return "3D/3dmodel.model";
}

interface BuildItem {
  objectId: string;
  transform: Float64Array;
}

interface ObjectDef {
  id: string;
  xyz: NumberList;
  /** Vertex indices, three per triangle. */
  triangles: IndexList;
  components: { objectId: string; transform: Float64Array }[];
  triangleTotal?: number;
}

const IDENTITY = new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);

/** 3MF transform "m00 m01 m02 m10 m11 m12 m20 m21 m22 m30 m31 m32": p' = p·M (row vector, last row translation). */
function parseTransform(text: string | undefined, where: string): Float64Array {
  if (text === undefined) return IDENTITY;
  const m = new Float64Array(text.trim().split(/\s+/).map(Number));
  if (m.length !== 12 || !m.every(Number.isFinite)) {
    throw invalid("3MF_INVALID", `3MF ${where} has a transform that is not 12 finite numbers: '${text.slice(0, 80)}'`);
  }
  return m;
}

/** The transform applying `inner` first, then `outer`. */
function compose(inner: Float64Array, outer: Float64Array): Float64Array {
  const r = new Float64Array(12);
  for (let row = 0; row < 4; row++) {
    for (let col = 0; col < 3; col++) {
      let v = row === 3 ? outer[9 + col] : 0;
      for (let k = 0; k < 3; k++) v += inner[row * 3 + k] * outer[k * 3 + col];
      r[row * 3 + col] = v;
    }
  }
  return r;
}

const determinant = (m: Float64Array) => m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);

export function readThreeMf(bytes: Uint8Array, maxTriangles: number, maxInflated: number): ThreeMfMesh {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 3 || bytes[3] !== 4) {
    throw invalid("3MF_NOT_ZIP", `3MF file is not a zip archive (it starts with bytes ${hex(bytes.subarray(0, 4))})`);
  }
  // Parsed in its own call so that the inflated XML can be collected before the soup is built.
  const { objects, items, unit } = parseModel(bytes, maxInflated);
  const unitScale = UNITS[unit];
  if (unitScale === undefined) throw invalid("3MF_INVALID", `3MF model unit '${unit}' is not one of ${Object.keys(UNITS).join(", ")}`);

  const lookup = (id: string, from: string) => {
    const o = objects.get(id);
    if (!o) throw invalid("3MF_INVALID", `3MF ${from} refers to object ${id}, which is not defined`);
    return o;
  };
  // Triangles after expanding components, checked against the limit before anything is expanded.
  const count = (o: ObjectDef, depth: number): number => {
    if (depth > MAX_DEPTH) throw invalid("3MF_INVALID", `3MF components nest deeper than ${MAX_DEPTH} levels (or form a cycle) at object ${o.id}`);
    if (o.triangleTotal === undefined) {
      let n = o.triangles.length / 3;
      for (const c of o.components) n += count(lookup(c.objectId, `object ${o.id}`), depth + 1);
      o.triangleTotal = n;
    }
    return o.triangleTotal;
  };
  let total = 0;
  for (const item of items) total += count(lookup(item.objectId, "build item"), 0);
  if (total > maxTriangles) throw tooManyTriangles("3MF model", total, maxTriangles);

  const soup = new TriangleSoup("3MF model", maxTriangles, total);
  const emit = (o: ObjectDef, m: Float64Array) => {
    const xyz = o.xyz.data;
    const nv = o.xyz.length / 3;
    const flip = determinant(m) < 0; // a mirror turns the winding inside out: restore it
    const t = o.triangles.data;
    for (let i = 0; i < o.triangles.length; i += 3) {
      const at = soup.next();
      for (let k = 0; k < 3; k++) {
        const v = t[i + (flip && k > 0 ? 3 - k : k)];
        if (v >= nv) {
          throw invalid("3MF_INVALID", `3MF object ${o.id}: triangle ${fmt(i / 3)} refers to vertex ${v} but the object has ${fmt(nv)} vertices`);
        }
        const x = xyz[v * 3],
          y = xyz[v * 3 + 1],
          z = xyz[v * 3 + 2];
        for (let c = 0; c < 3; c++) soup.data[at + k * 3 + c] = x * m[c] + y * m[3 + c] + z * m[6 + c] + m[9 + c];
      }
    }
    for (const c of o.components) emit(lookup(c.objectId, `object ${o.id}`), compose(c.transform, m));
  };
  for (const item of items) emit(lookup(item.objectId, "build item"), item.transform);
  return { soup, unitScale, unit };
}

/** The model part's objects and build items, read from the archive. */
function parseModel(bytes: Uint8Array, maxInflated: number): { objects: Map<string, ObjectDef>; items: BuildItem[]; unit: string } {
  const parts = unzipParts(bytes, maxInflated);
  const name = modelPartName(parts);
  const model = parts.get(name);
  if (!model) {
    const found = [...parts.keys()].join(", ") || "none";
    throw invalid("3MF_NO_MODEL", `3MF archive has no model part ${name} (model parts found: ${found})`);
  }

  const objects = new Map<string, ObjectDef>();
  const items: BuildItem[] = [];
  let unit = "millimeter";
  let current: ObjectDef | undefined;
  scanXml(
    model,
    (tag, attrs, s) => {
      switch (tag) {
        case "model":
          unit = attrs.get("unit") ?? unit;
          break;
        case "object": {
          const id = attrs.get("id") ?? "";
          current = { id, xyz: new NumberList(), triangles: new IndexList(), components: [] };
          objects.set(id, current);
          break;
        }
        case "vertex":
          if (current) for (const axis of ["x", "y", "z"]) current.xyz.push(attrs.number(axis, s, `object ${current.id} vertex`));
          break;
        case "triangle":
          if (current) {
            for (const v of ["v1", "v2", "v3"]) {
              const i = attrs.number(v, s, `object ${current.id} triangle`);
              if (!Number.isInteger(i) || i < 0 || i > MAX_INDEX)
                throw invalid("3MF_INVALID", `3MF object ${current.id}: triangle index ${v}=${i} is not a vertex index`);
              current.triangles.push(i);
            }
          }
          break;
        case "component":
          current?.components.push({
            objectId: attrs.get("objectid") ?? "",
            transform: parseTransform(attrs.get("transform"), `component of object ${current.id}`),
          });
          break;
        case "item":
          items.push({ objectId: attrs.get("objectid") ?? "", transform: parseTransform(attrs.get("transform"), "build item") });
          break;
      }
    },
    (tag) => {
      if (tag === "object") current = undefined;
    },
  );
  return { objects, items, unit };
}

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ") || "(none)";

/** Attributes of one element, read lazily from the bytes. */
class Attributes {
  private readonly buf: Uint8Array;
  private readonly spans: number[] = [];

  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  reset(): void {
    this.spans.length = 0;
  }

  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    this.spans.push(nameStart, nameEnd, valueStart, valueEnd);
  }

  private find(name: string): number {
    const b = this.buf;
    outer: for (let i = 0; i < this.spans.length; i += 4) {
      const e = this.spans[i + 1];
      const s = afterPrefix(b, this.spans[i], e);
      if (e - s !== name.length) continue;
      for (let k = 0; k < name.length; k++) if (b[s + k] !== name.charCodeAt(k)) continue outer;
      return i;
    }
    return -1;
  }

  get(name: string): string | undefined {
    const i = this.find(name);
    if (i < 0) return undefined;
    return String.fromCharCode(...this.buf.subarray(this.spans[i + 2], Math.min(this.spans[i + 3], this.spans[i + 2] + 4096)));
  }

  number(name: string, s: TextScanner, where: string): number {
    const i = this.find(name);
    if (i < 0) throw invalid("3MF_INVALID", `3MF ${where} has no ${name} attribute`);
    s.pos = this.spans[i + 2];
    const v = s.number();
    s.skipBlanks();
    if (v === undefined || s.pos !== this.spans[i + 3]) {
      throw invalid("3MF_INVALID", `3MF ${where}: ${name}="${s.text(this.spans[i + 2], this.spans[i + 3])}" is not a number`);
    }
    return v;
  }
}

/**
 * Calls `open` for each start tag (local name, attributes) and `close` for each end tag
 * (and for self-closing tags after `open`). Skips a DOCTYPE without an internal subset;
 * refuses any other DTD and entity declarations.
 */
function scanXml(buf: Uint8Array, open: (tag: string, attrs: Attributes, s: TextScanner) => void, close: (tag: string) => void = () => {}): void {
  const s = new TextScanner(buf);
  const attrs = new Attributes(buf);
  const n = buf.length;
  const names = new Map<number, string>(); // interned tag names by hash, to avoid a string per element
  const tagName = (start: number, end: number) => {
    start = afterPrefix(buf, start, end);
    let h = end - start;
    for (let i = start; i < end; i++) h = (h * 31 + buf[i]) | 0;
    let name = names.get(h);
    if (name === undefined || !spells(buf, start, end, name)) {
      name = String.fromCharCode(...buf.subarray(start, Math.min(end, start + 256)));
      names.set(h, name);
    }
    return name;
  };
  const malformed = (at: number) => invalid("3MF_INVALID", `3MF model XML is malformed near byte ${fmt(at)}`);
  let i = 0;
  while (true) {
    i = buf.indexOf(60, i); // '<'
    if (i < 0 || i + 1 >= n) return;
    const c = buf[i + 1];
    if (c === 63) {
      // <? … ?>
      const e = indexOfSeq(buf, [63, 62], i + 2);
      if (e < 0) throw malformed(i);
      i = e + 2;
      continue;
    }
    if (c === 33) {
      if (buf[i + 2] === 45 && buf[i + 3] === 45) {
        const e = indexOfSeq(buf, [45, 45, 62], i + 4);
        if (e < 0) throw malformed(i);
        i = e + 3;
        continue;
      }
      const word = String.fromCharCode(...buf.subarray(i + 2, Math.min(n, i + 9)));
      if (word === "DOCTYPE") {
        const d = readDoctype(latin1(buf, i, DOCTYPE_BYTES), 0);
        if ("end" in d) {
          i += d.end;
          continue;
        }
        if (d.refused === "malformed") throw malformed(i + d.at);
        throw invalid("3MF_DTD", `3MF model's DOCTYPE has an internal subset ([ … ] at byte ${fmt(i + d.at)}), where entities are declared; it is refused`);
      }
      if (/^(ENTITY|ELEMENT|ATTLIST)/i.test(word) || word.toUpperCase() === "DOCTYPE") {
        throw invalid("3MF_DTD", `3MF model declares a DTD (<!${word}… at byte ${fmt(i)}); DTDs and entities are refused`);
      }
      if (word.startsWith("[CDATA[")) {
        const e = indexOfSeq(buf, [93, 93, 62], i + 9);
        if (e < 0) throw malformed(i);
        i = e + 3;
        continue;
      }
      throw malformed(i);
    }
    if (c === 47) {
      // </name>
      let e = i + 2;
      while (e < n && !isSpace(buf[e]) && buf[e] !== 62) e++;
      close(tagName(i + 2, e));
      i = e;
      continue;
    }
    let e = i + 1;
    while (e < n && !isSpace(buf[e]) && buf[e] !== 62 && buf[e] !== 47) e++;
    const tag = tagName(i + 1, e);
    attrs.reset();
    let selfClosing = false;
    for (;;) {
      while (e < n && isSpace(buf[e])) e++;
      if (e >= n) throw malformed(i);
      if (buf[e] === 62) break;
      if (buf[e] === 47 && buf[e + 1] === 62) {
        selfClosing = true;
        break;
      }
      const ns = e;
      while (e < n && buf[e] !== 61 && !isSpace(buf[e]) && buf[e] !== 62) e++;
      const ne = e;
      while (e < n && isSpace(buf[e])) e++;
      if (buf[e] !== 61) throw malformed(e);
      e++;
      while (e < n && isSpace(buf[e])) e++;
      const quote = buf[e];
      if (quote !== 34 && quote !== 39) throw malformed(e);
      const ve = buf.indexOf(quote, e + 1);
      if (ve < 0) throw malformed(e);
      attrs.add(ns, ne, e + 1, ve);
      e = ve + 1;
    }
    open(tag, attrs, s);
    if (selfClosing) close(tag);
    i = e + 1;
  }
}

/**
 * Where a name in [start, end) starts once its namespace prefix ("p:") is dropped.
 * The search stays inside the name: searching the whole buffer back from `end`
 * made every lookup of an unprefixed name cost the file's length so far.
 */
function afterPrefix(buf: Uint8Array, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) if (buf[i] === 58) return i + 1;
  return start;
}

/** Bytes a DOCTYPE is read from (readDoctype refuses longer ones). */
const DOCTYPE_BYTES = 4096;

const latin1 = (buf: Uint8Array, from: number, length: number) => String.fromCharCode(...buf.subarray(from, Math.min(buf.length, from + length)));

function spells(buf: Uint8Array, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (buf[start + k] !== word.charCodeAt(k)) return false;
  return true;
}

function indexOfSeq(buf: Uint8Array, seq: number[], from: number): number {
  for (let i = buf.indexOf(seq[0], from); i >= 0; i = buf.indexOf(seq[0], i + 1)) {
    let k = 1;
    while (k < seq.length && buf[i + k] === seq[k]) k++;
    if (k === seq.length) return i;
  }
  return -1;
}
