import { readDoctype } from "../../doctype.ts";
import { forbiddenDtd, invalidSvg } from "../errors.ts";

export interface XmlElement {
  /** Local name for SVG elements ("svg:rect" → "rect"); other prefixes are kept. */
  name: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  line: number;
}

const MAX_DEPTH = 256;
const NAME = /^[A-Za-z_:][-\w.:]*$/;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * A small, non-validating XML reader for SVG. It never expands entities
 * beyond XML's five and character references. A DOCTYPE that only names an
 * external DTD (as OpenSCAD, Inkscape and Illustrator write) is skipped, never
 * fetched; one with an internal subset, and any <!ENTITY, <!ELEMENT or
 * <!ATTLIST, is refused, so no entity bomb or external fetch is possible.
 * Text content is skipped: no SVG geometry lives in it.
 */
export function parseXml(text: string): XmlElement {
  let pos = 0;
  let line = 1;
  let counted = 0;
  const lineAt = (at: number): number => {
    for (; counted < at; counted++) if (text.charCodeAt(counted) === 10) line++;
    return line;
  };
  const expect = (marker: string, from: number, what: string): number => {
    const end = text.indexOf(marker, from);
    if (end < 0) throw invalidSvg(`Line ${lineAt(from)}: unterminated ${what}.`);
    return end;
  };

  let root: XmlElement | null = null;
  let doctype = false;
  const stack: XmlElement[] = [];
  for (;;) {
    const lt = text.indexOf("<", pos);
    if (lt < 0) break;
    if (text.startsWith("<!--", lt)) {
      pos = expect("-->", lt + 4, "comment") + 3;
    } else if (text.startsWith("<![CDATA[", lt)) {
      pos = expect("]]>", lt + 9, "CDATA section") + 3;
    } else if (text.startsWith("<!DOCTYPE", lt)) {
      const d = readDoctype(text, lt);
      if ("refused" in d && d.refused === "internal subset") {
        throw forbiddenDtd(`Line ${lineAt(d.at)}: a DOCTYPE with an internal subset ([ … ], where entities are declared) is not accepted in SVG uploads.`);
      }
      if ("refused" in d || doctype || root) throw invalidSvg(`Line ${lineAt(lt)}: malformed or misplaced <!DOCTYPE> declaration.`);
      doctype = true;
      pos = d.end;
    } else if (text.startsWith("<!", lt)) {
      const what = text.slice(lt + 2, lt + 9).toUpperCase();
      if (what.startsWith("DOCTYPE") || what.startsWith("ENTITY") || what.startsWith("ELEMENT") || what.startsWith("ATTLIST")) {
        throw forbiddenDtd(`Line ${lineAt(lt)}: DTDs and entity declarations (<!${what.replace(/[^A-Z]/g, "")}) are not accepted in SVG uploads.`);
      }
      throw invalidSvg(`Line ${lineAt(lt)}: unexpected markup "<!".`);
    } else if (text.startsWith("<?", lt)) {
      pos = expect("?>", lt + 2, "processing instruction") + 2;
    } else if (text.startsWith("</", lt)) {
      const end = expect(">", lt, "end tag");
      const name = localName(text.slice(lt + 2, end).trim());
      const open = stack.pop();
      if (!open) throw invalidSvg(`Line ${lineAt(lt)}: end tag </${name}> without a start tag.`);
      if (open.name !== name) throw invalidSvg(`Line ${lineAt(lt)}: </${name}> closes <${open.name}> opened at line ${open.line}.`);
      pos = end + 1;
    } else {
      const element: XmlElement = { name: "", attrs: new Map(), children: [], line: lineAt(lt) };
      const [next, selfClosing] = readStartTag(text, lt + 1, element);
      pos = next;
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else if (root) throw invalidSvg(`Line ${element.line}: a second root element <${element.name}>.`);
      else root = element;
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) throw invalidSvg(`Line ${element.line}: elements nested more than ${MAX_DEPTH} deep.`);
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1];
    throw invalidSvg(`<${open.name}> opened at line ${open.line} is never closed; the file is truncated.`);
  }
  if (!root) throw invalidSvg("No XML element found; the file is not an SVG.");
  return root;
}

/** Reads name and attributes after "<"; returns the position after ">" and whether it was "/>". */
function readStartTag(text: string, from: number, element: XmlElement): [number, boolean] {
  let i = from;
  const fail: (message: string) => never = (message) => {
    throw invalidSvg(`Line ${element.line}: ${message}`);
  };
  const readName = (): string => {
    const start = i;
    while (i < text.length && !/[\s/>=]/.test(text[i])) i++;
    const name = text.slice(start, i);
    if (!NAME.test(name)) fail(`invalid name "${name.slice(0, 40)}" in a tag.`);
    return name;
  };
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  element.name = localName(readName());
  for (;;) {
    skipSpace();
    if (i >= text.length) fail(`<${element.name}> is not closed with ">".`);
    if (text[i] === ">") return [i + 1, false];
    if (text.startsWith("/>", i)) return [i + 2, true];
    const name = readName();
    skipSpace();
    if (text[i] !== "=") fail(`attribute ${name} of <${element.name}> has no value.`);
    i++;
    skipSpace();
    const quote = text[i];
    if (quote !== '"' && quote !== "'") fail(`attribute ${name} of <${element.name}> is not quoted.`);
    const end = text.indexOf(quote, i + 1);
    if (end < 0) fail(`attribute ${name} of <${element.name}> is not terminated.`);
    const raw = text.slice(i + 1, end);
    if (raw.includes("<")) fail(`attribute ${name} of <${element.name}> contains "<".`);
    element.attrs.set(name, decodeReferences(raw, element.line));
    i = end + 1;
  }
}

function decodeReferences(value: string, line: number): string {
  if (!value.includes("&")) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);/g, (_, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code > 0 && code <= 0x10ffff)) throw invalidSvg(`Line ${line}: invalid character reference &${ref};.`);
      return String.fromCodePoint(code);
    }
    if (!Object.hasOwn(PREDEFINED, ref)) throw invalidSvg(`Line ${line}: undefined entity &${ref}; (only XML's predefined entities are allowed).`);
    return PREDEFINED[ref];
  });
}

function localName(name: string): string {
  return name.startsWith("svg:") ? name.slice(4) : name;
}
