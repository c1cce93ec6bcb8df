/**
 * The cutting diagram's geometry: each stock bar of a cutting list laid out
 * as segments on one common scale, so that bars of different stock lengths
 * compare at a glance. Pure: the page draws the rectangles this returns.
 *
 * Along a bar (as engine/cutting builds it): the end trim, the cuts longest
 * first with a kerf between two cuts, then (when at least a kerf is left) the
 * kerf of the last cut and the reusable offcut, and the far end's trim. Less
 * than a kerf left over is lost as a sliver.
 */

export interface DiagramInput {
  kerf: number;
  trim: number;
  bars: readonly { profile: string; stock_length: number; cuts: readonly { length: number; label: string }[]; offcut: number; remnant_lot?: string }[];
}

export type SegmentKind = "trim" | "cut" | "kerf" | "offcut" | "sliver";

export interface Segment {
  kind: SegmentKind;
  /** Position and width in drawing units. */
  x: number;
  width: number;
  /** The segment's own length in mm. */
  length: number;
  /** Cuts only: what the piece is, and its colour's index into the palette (one per distinct label). */
  label?: string;
  colour?: number;
}

export interface BarLayout {
  /** 1-based, across the whole list. */
  number: number;
  profile: string;
  stock_length: number;
  offcut: number;
  /** The remnant lot in stock the bar is, when it is not a new bar. */
  remnant_lot?: string;
  /** The bar's width in drawing units: its stock length times the common scale. */
  width: number;
  segments: Segment[];
}

export interface DiagramLayout {
  /** Drawing units per mm, the same for every bar. */
  scale: number;
  /** The bars grouped by profile, in the order the list gives them. */
  profiles: { profile: string; bars: BarLayout[] }[];
  /** Each distinct cut label with its colour index, in order of first appearance. */
  legend: { label: string; colour: number }[];
}

/** Lays a cutting list out so that its longest bar is `drawingWidth` units wide. */
export function layoutCuttingDiagram(list: DiagramInput, drawingWidth: number, paletteSize: number): DiagramLayout {
  const longest = Math.max(0, ...list.bars.map((b) => b.stock_length));
  const scale = longest > 0 ? drawingWidth / longest : 0;
  const colours = new Map<string, number>();
  const colourOf = (label: string) => {
    let c = colours.get(label);
    if (c === undefined) {
      c = colours.size % paletteSize;
      colours.set(label, c);
    }
    return c;
  };
  const profiles: DiagramLayout["profiles"] = [];
  list.bars.forEach((bar, i) => {
    const segments: Segment[] = [];
    let at = 0;
    const push = (kind: SegmentKind, length: number, cut?: { label: string }) => {
      if (length <= 0) return;
      segments.push({ kind, x: at * scale, width: length * scale, length, ...(cut ? { label: cut.label, colour: colourOf(cut.label) } : {}) });
      at += length;
    };
    // A remnant's ends are clean saw cuts: no trim.
    const trim = bar.remnant_lot ? 0 : list.trim;
    push("trim", trim);
    bar.cuts.forEach((cut, j) => {
      if (j > 0) push("kerf", list.kerf);
      push("cut", cut.length, cut);
    });
    // What lies between the last cut and the far trim: the last kerf and the offcut, or a sliver.
    const rest = round2(bar.stock_length - trim - at);
    if (bar.offcut > 0) {
      push("kerf", round2(rest - bar.offcut));
      push("offcut", bar.offcut);
    } else push("sliver", rest);
    push("trim", trim);
    const layout = {
      number: i + 1,
      profile: bar.profile,
      stock_length: bar.stock_length,
      offcut: bar.offcut,
      ...(bar.remnant_lot ? { remnant_lot: bar.remnant_lot } : {}),
      width: bar.stock_length * scale,
      segments,
    };
    const group = profiles.find((p) => p.profile === bar.profile);
    if (group) group.bars.push(layout);
    else profiles.push({ profile: bar.profile, bars: [layout] });
  });
  return { scale, profiles, legend: [...colours].map(([label, colour]) => ({ label, colour })) };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
