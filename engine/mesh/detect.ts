/**
 * Tells file formats apart by content. Binary STL is recognised by its size (84 + 50·n
 * bytes, even when the header starts with "solid"); text formats by their first
 * keyword; 3MF by the zip signature. The filename's extension only breaks the tie for
 * content that matches nothing, so a truncated `.stl` gets the STL reader's precise
 * complaint instead of "unknown format".
 */
export type FileKind = "stl-binary" | "stl-ascii" | "obj" | "3mf" | "dxf" | "svg";

/** How many leading bytes detection looks at. */
export const DETECT_BYTES = 1024;

const OBJ_KEYWORDS = new Set(["v", "vt", "vn", "vp", "f", "o", "g", "s", "l", "p", "mtllib", "usemtl", "cstype", "deg"]);

export interface DetectOptions {
  /** Total size in bytes, when known (always for a buffer; Content-Length or R2 size for a stream). */
  size?: number;
  filename?: string;
}

const extension = (filename = "") => filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? "";

const isText = (b: Uint8Array) => b.every((c) => c >= 32 || c === 9 || c === 10 || c === 13 || c === 12);

/** The first lines of a text head, trimmed, without blank ones. */
function lines(head: Uint8Array, max: number): string[] {
  let text = "";
  for (let i = 0; i < head.length; i++) text += String.fromCharCode(head[i]);
  return text
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, max);
}

export function detectFormat(head: Uint8Array, options: DetectOptions = {}): FileKind | undefined {
  const { size, filename } = options;
  const ext = extension(filename);
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) return "3mf";
  if (size !== undefined && size >= 84 && head.length >= 84) {
    const declared = new DataView(head.buffer, head.byteOffset, 84).getUint32(80, true);
    if (84 + 50 * declared === size) return "stl-binary";
  }
  const sample = head.subarray(0, DETECT_BYTES);
  if (isText(sample)) {
    const first = lines(sample, 40);
    const word = (first[0] ?? "").split(/\s+/)[0].toLowerCase();
    if (word === "solid") return "stl-ascii";
    if (first[0] === "0" && first[1]?.toUpperCase() === "SECTION") return "dxf";
    if (first[0] === "999") return "dxf";
    if (/<svg[\s>]/i.test(first.join(" "))) return "svg";
    const keyword = first.find((l) => !l.startsWith("#"))?.split(/\s+/)[0];
    if (keyword !== undefined && OBJ_KEYWORDS.has(keyword)) return "obj";
    if (ext === "stl") return "stl-ascii";
  } else if (ext === "stl" || (!ext && head.length >= 84)) {
    return "stl-binary";
  }
  if (ext === "obj") return "obj";
  if (ext === "3mf") return "3mf";
  return undefined;
}
