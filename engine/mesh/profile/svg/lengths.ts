/** CSS px per unit: SVG user units are px, and CSS fixes 96 px per inch. */
export const PX_PER_UNIT: Record<string, number> = {
  "": 1,
  px: 1,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
  q: 96 / 101.6,
  pt: 96 / 72,
  pc: 16,
  // Font-relative units resolve against the initial 16 px font size.
  em: 16,
  ex: 8,
};

export const MM_PER_PX = 25.4 / 96;

export interface Length {
  value: number;
  /** Lower-case unit: "" for user units, "%" for a percentage. */
  unit: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const LIST_ITEM = /[\s,]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;

export function parseLength(text: string): Length | null {
  const t = text.trim();
  const m = NUMBER.exec(t);
  if (!m) return null;
  const unit = t.slice(m[0].length).trim().toLowerCase();
  if (unit !== "%" && !Object.hasOwn(PX_PER_UNIT, unit)) return null;
  return { value: Number(m[0]), unit };
}

/** Numbers separated by whitespace and/or commas, or null when anything else is in the way. */
export function parseNumbers(text: string): number[] | null {
  const out: number[] = [];
  let i = 0;
  for (;;) {
    LIST_ITEM.lastIndex = i;
    const m = LIST_ITEM.exec(text);
    if (!m) break;
    out.push(Number(m[1]));
    i = LIST_ITEM.lastIndex;
  }
  return /^[\s,]*$/.test(text.slice(i)) ? out : null;
}
