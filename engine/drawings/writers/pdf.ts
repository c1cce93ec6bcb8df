import fontkit from "@pdf-lib/fontkit";
import { zlibSync } from "fflate";
import { PDFArray, PDFDict, type PDFFont, PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import { fontSizeFor } from "../lettering.ts";
import { LAYER_NAMES, LAYERS } from "../layers.ts";
import type { DrawingSheet, Shape, TextShape, Vec } from "../model.ts";
import { scaleLabel } from "../scale.ts";
import { SRGB_DESCRIPTION, srgbIccProfile } from "./srgb-icc.ts";

/** Points per millimetre. */
const PT = 72 / 25.4;

export interface PdfAssets {
  /** The TrueType font drawings are lettered in (engine/drawings/fonts/NotoSans-Regular.ttf). */
  font: Uint8Array;
}

/**
 * The sheet as a vector PDF at its exact ISO size, the font embedded as a
 * subset, declared PDF/A-2b (XMP `pdfaid`, an sRGB output intent, a document
 * ID) so a shop can archive it. The page's matrix scales mm to points once,
 * so every coordinate in the content stream is the model's own millimetre.
 * The content stream is written directly (pdf-lib's operator objects cost
 * more than the drawing).
 */
export async function sheetToPdf(sheet: DrawingSheet, assets: PdfAssets): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await embedLettering(doc, assets.font);
  const texts = addSheetPage(doc, font, sheet);
  const title = `${sheet.title_block.drawing_number} rev. ${sheet.revision}: ${sheet.title_block.title}`;
  const subject = `${sheet.title_block.document_type}, ${scaleLabel(sheet.scale)}, ${sheet.format}`;
  return savePdfA(doc, font, texts.map((t) => t.text).join(""), {
    title,
    author: sheet.title_block.legal_owner,
    subject,
    date: sheet.title_block.date_of_issue,
    language: sheet.title_block.language,
    id: `${sheet.title_block.legal_owner}|${sheet.title_block.drawing_number}|${sheet.revision}`,
  });
}

/** Embeds the lettering font as a subset, parsed once per isolate. */
export async function embedLettering(doc: PDFDocument, bytes: Uint8Array): Promise<PDFFont> {
  doc.registerFontkit(cachingFontkit);
  return doc.embedFont(bytes, { subset: true });
}

/** Adds the sheet as a page of `doc` at its exact ISO size; returns its texts (the characters the subset needs). */
export function addSheetPage(doc: PDFDocument, font: PDFFont, sheet: DrawingSheet): TextShape[] {
  const page = doc.addPage([sheet.width * PT, sheet.height * PT]);
  const fontKey = page.node.newFontDictionary(font.name, font.ref);

  const out: string[] = [`q ${num(PT)} 0 0 ${num(PT)} 0 0 cm 1 J 1 j 0 g 0 G`];
  const texts: TextShape[] = [];
  for (const name of LAYER_NAMES) {
    const { weight, dash } = LAYERS[name];
    out.push(`${num(weight)} w [${dash ? dash.map(num).join(" ") : ""}] 0 d`);
    for (const s of sheet.layers[name]) {
      if (s.kind === "text") texts.push(s);
      else out.push(path(s));
    }
  }
  const chars = new Set(font.getCharacterSet());
  for (const t of texts) out.push(text(font, fontKey.toString(), chars, t));
  out.push("Q");
  const content = zlibSync(ascii(out.join("\n")), { level: 6 });
  page.node.addContentStream(doc.context.register(doc.context.stream(content, { Filter: "FlateDecode" })));
  return texts;
}

/** What a PDF/A document says about itself (Info dictionary and XMP agree). */
export interface PdfAMeta {
  title: string;
  author: string;
  subject: string;
  /** YYYY-MM-DD: creation and modification date, so the same input gives the same bytes. */
  date: string;
  language: string;
  /** Hashed into the document ID. */
  id: string;
}

/** Finishes the subset (`used`: every character lettered in it), declares PDF/A-2b and saves. */
export async function savePdfA(doc: PDFDocument, font: PDFFont, used: string, meta: PdfAMeta): Promise<Uint8Array> {
  await font.embed();
  tagSubset(doc, font, used);
  declarePdfA(doc, meta);
  // One pass: pdf-lib otherwise yields to the event loop every 50 objects.
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY, updateFieldAppearances: false });
}

/**
 * Name the embedded subset the way PDF readers recognise one: a six-letter tag
 * from the characters it holds, a plus sign and the PostScript name (pdf-lib
 * appends a random number instead, which also made the same drawing differ byte for byte).
 */
function tagSubset(doc: PDFDocument, font: PDFFont, text: string) {
  const used = [...new Set(Array.from(text))].sort().join("");
  const digest = documentId(used);
  const tag = Array.from(digest.slice(0, 6), (h) => String.fromCharCode(65 + (Number.parseInt(h, 16) % 26))).join("");
  const type0 = doc.context.lookup(font.ref, PDFDict);
  const base = type0.lookup(PDFName.of("BaseFont"), PDFName).decodeText().replace(/-\d+$/, "");
  const name = PDFName.of(`${tag}+${base}`);
  type0.set(PDFName.of("BaseFont"), name);
  const cid = type0.lookup(PDFName.of("DescendantFonts"), PDFArray).lookup(0, PDFDict);
  cid.set(PDFName.of("BaseFont"), name);
  cid.lookup(PDFName.of("FontDescriptor"), PDFDict).set(PDFName.of("FontName"), name);
}

const num = (v: number) => {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) ? "0" : String(r);
};
const xy = (p: Vec) => `${num(p[0])} ${num(p[1])}`;

function path(s: Exclude<Shape, { kind: "text" }>): string {
  switch (s.kind) {
    case "line":
      return `${xy(s.a)} m ${xy(s.b)} l S`;
    case "polyline":
      return `${xy(s.points[0])} m ${s.points
        .slice(1)
        .map((p) => `${xy(p)} l`)
        .join(" ")} ${s.closed ? "s" : "S"}`;
    case "fill":
      return `${xy(s.points[0])} m ${s.points
        .slice(1)
        .map((p) => `${xy(p)} l`)
        .join(" ")} h f`;
    case "circle":
      return `${arc(s.c, s.r, 0, 360)} s`;
    case "arc":
      return `${arc(s.c, s.r, s.start, s.end)} S`;
  }
}

/** Counter-clockwise arc as Bézier pieces of at most 90°. */
function arc(c: Vec, r: number, start: number, end: number): string {
  const sweep = ((((end - start) % 360) + 360) % 360 || 360) * (Math.PI / 180);
  const pieces = Math.ceil(sweep / (Math.PI / 2) - 1e-9);
  const step = sweep / pieces;
  const k = (4 / 3) * Math.tan(step / 4);
  let a = (start * Math.PI) / 180;
  const parts = [`${xy([c[0] + r * Math.cos(a), c[1] + r * Math.sin(a)])} m`];
  for (let i = 0; i < pieces; i++) {
    const b = a + step;
    const p1: Vec = [c[0] + r * (Math.cos(a) - k * Math.sin(a)), c[1] + r * (Math.sin(a) + k * Math.cos(a))];
    const p2: Vec = [c[0] + r * (Math.cos(b) + k * Math.sin(b)), c[1] + r * (Math.sin(b) - k * Math.cos(b))];
    parts.push(`${xy(p1)} ${xy(p2)} ${xy([c[0] + r * Math.cos(b), c[1] + r * Math.sin(b)])} c`);
    a = b;
  }
  return parts.join(" ");
}

function text(font: PDFFont, key: string, chars: Set<number>, t: TextShape): string {
  // A character the font lacks would print as an empty box: show "?" instead.
  const value = Array.from(t.text, (ch) => (chars.has(ch.codePointAt(0) ?? 0) ? ch : "?")).join("");
  const size = fontSizeFor(t.height);
  const width = font.widthOfTextAtSize(value, size);
  const shift = t.align === "left" ? 0 : t.align === "center" ? width / 2 : width;
  // Rotation 90: the baseline runs up the page.
  const matrix = t.rotation === 90 ? `0 1 -1 0 ${xy([t.at[0], t.at[1] - shift])}` : `1 0 0 1 ${xy([t.at[0] - shift, t.at[1]])}`;
  return `BT ${key} ${num(size)} Tf ${matrix} Tm ${font.encodeText(value).toString()} Tj ET`;
}

/** PDF/A-2b: XMP with pdfaid part 2 conformance B matching the Info dictionary, sRGB output intent, document ID. */
function declarePdfA(doc: PDFDocument, meta: PdfAMeta) {
  const issued = new Date(`${meta.date}T00:00:00Z`);
  const date = Number.isNaN(issued.getTime()) ? new Date(0) : issued;
  const producer = "Fabquote drawings (pdf-lib)";
  doc.setTitle(meta.title);
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setCreator("Fabquote");
  doc.setProducer(producer);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.setLanguage(meta.language);

  const iso = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  const xmp = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.subject)}</rdf:li></rdf:Alt></dc:description>
<xmp:CreatorTool>Fabquote</xmp:CreatorTool>
<xmp:CreateDate>${iso}</xmp:CreateDate>
<xmp:ModifyDate>${iso}</xmp:ModifyDate>
<pdf:Producer>${producer}</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  const ctx = doc.context;
  const metadata = ctx.stream(utf8(xmp), { Type: "Metadata", Subtype: "XML" });
  doc.catalog.set(PDFName.of("Metadata"), ctx.register(metadata));

  const icc = ctx.stream(compressedIcc(), { N: 3, Filter: "FlateDecode" });
  const intent = ctx.obj({
    Type: "OutputIntent",
    S: "GTS_PDFA1",
    OutputConditionIdentifier: PDFString.of(SRGB_DESCRIPTION),
    Info: PDFString.of(SRGB_DESCRIPTION),
    DestOutputProfile: ctx.register(icc),
  });
  doc.catalog.set(PDFName.of("OutputIntents"), ctx.obj([intent]));

  const id = PDFHexString.of(documentId(`${meta.id}|${iso}`));
  ctx.trailerInfo.ID = ctx.obj([id, id]);
}

let iccDeflated: Uint8Array | null = null;
/** The sRGB profile compressed once per isolate: it is the same in every PDF. */
function compressedIcc(): Uint8Array {
  iccDeflated ??= zlibSync(srgbIccProfile(), { level: 9 });
  return iccDeflated;
}

/** 128-bit FNV-1a style digest as hex: a stable document ID for the same drawing and revision. */
function documentId(s: string): string {
  const parts = [0x811c9dc5, 0x01000193, 0x2545f491, 0x9e3779b9];
  for (let i = 0; i < s.length; i++) {
    for (let p = 0; p < 4; p++) parts[p] = Math.imul(parts[p] ^ (s.charCodeAt(i) + p), 0x01000193) >>> 0;
  }
  return parts.map((p) => p.toString(16).padStart(8, "0")).join("");
}

/** Bytes of an ASCII string: a content stream is operators, numbers and hex strings only. */
function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** UTF-8 bytes of a string (the engine has no TextEncoder type; XMP must be UTF-8). */
function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * fontkit, parsing each font file once per isolate (the drawing font is the
 * same bytes every time), with text laid out glyph by glyph from the cmap.
 * Drawing lettering (ISO 3098) is set without kerning or ligatures, and full
 * OpenType shaping of every dimension value cost over a millisecond a string.
 */
type FontkitFont = ReturnType<typeof fontkit.create>;
const parsed = new WeakMap<object, FontkitFont>();
const cachingFontkit: typeof fontkit = {
  ...fontkit,
  create(buffer: Uint8Array, postscriptName?: string) {
    const hit = parsed.get(buffer);
    if (hit) return hit;
    const font = fontkit.create(buffer, postscriptName);
    const unshaped = Object.create(font, {
      layout: { value: (text: string) => ({ glyphs: Array.from(text, (ch) => font.glyphForCodePoint(ch.codePointAt(0) ?? 0)) }) },
    }) as FontkitFont;
    parsed.set(buffer, unshaped);
    return unshaped;
  },
};
