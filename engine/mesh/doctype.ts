/**
 * XML document type declarations, as SVG and 3MF writers emit them. OpenSCAD, Inkscape
 * and Illustrator write `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://…/svg11.dtd">`:
 * a name and an external identifier that a non-validating reader ignores (it is never
 * fetched). Only an internal subset (`[ … ]`) can declare entities, the billion-laughs
 * bomb among them, so a declaration with one is refused.
 */

/** Longest declaration accepted: a name and two identifiers fit well within it. */
const MAX_LENGTH = 4096;

export type Doctype = { end: number } | { refused: "internal subset" | "malformed"; at: number };

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";

/**
 * Reads the declaration starting with "<!DOCTYPE" at `start` of `text`; `end` is the
 * index just past its ">". Grammar (XML 1.0 §2.8): `<!DOCTYPE S Name (S ExternalID)? S? ('[' … ']' S?)? >`.
 */
export function readDoctype(text: string, start: number): Doctype {
  const limit = Math.min(text.length, start + MAX_LENGTH);
  let i = start + "<!DOCTYPE".length;
  const malformed = (): Doctype => ({ refused: "malformed", at: i });
  const space = (required: boolean): boolean => {
    const from = i;
    while (i < limit && isSpace(text[i])) i++;
    return !required || i > from;
  };
  const literal = (): boolean => {
    const quote = text[i];
    if (quote !== '"' && quote !== "'") return false;
    const close = text.indexOf(quote, i + 1);
    if (close < 0 || close >= limit) return false;
    i = close + 1;
    return true;
  };
  if (!space(true)) return malformed();
  const nameStart = i;
  while (i < limit && !isSpace(text[i]) && text[i] !== ">" && text[i] !== "[") i++;
  if (i === nameStart) return malformed();
  space(false);
  if (text.startsWith("PUBLIC", i)) {
    i += 6;
    if (!space(true) || !literal() || !space(true) || !literal()) return malformed();
  } else if (text.startsWith("SYSTEM", i)) {
    i += 6;
    if (!space(true) || !literal()) return malformed();
  }
  space(false);
  if (text[i] === "[") return { refused: "internal subset", at: i };
  if (text[i] !== ">") return malformed();
  return { end: i + 1 };
}
