/**
 * What a slicer says about its own G-code, read from the comments it writes:
 * the estimated printing time, the layer height, infill and walls, and the
 * filament used. One pass over the bytes in chunks of any size: only comment
 * lines are decoded, at most `MAX_COMMENT` bytes of each, so memory stays
 * bounded however large the file (a G-code of a big part runs to 100 MB).
 *
 * The forms read (each as the slicer writes it):
 * - PrusaSlicer / SuperSlicer, OrcaSlicer (footer):
 *   `; estimated printing time (normal mode) = 1d 2h 3m 4s`, `; filament used [mm] = 847.17`,
 *   `; filament used [cm3] = 2.04`, `; filament used [g] = 2.53`, and the config block
 *   `; layer_height = 0.2`, `; fill_density = 20%` (Orca: `; sparse_infill_density = 15%`),
 *   `; perimeters = 2` (Orca: `; wall_loops = 2`), the minimum layer time `; slowdown_below_layer_time = 5`
 *   unless `; cooling = 0` (Orca, Bambu: `; slow_down_layer_time = 4`, `; slow_down_for_layer_cooling = 1`).
 * - Bambu Studio and OrcaSlicer (header): `; model printing time: 31m 4s; total estimated time: 37m 36s`,
 *   `; total layer number: 50`, `; total filament length [mm] : 1234.56`,
 *   `; total filament volume [cm^3] : 2.9`, `; total filament weight [g] : 3.7`.
 * - UltiMaker Cura: `;TIME:3723` (Griffin flavour: `;PRINT.TIME:3723`), `;Filament used: 1.23456m`
 *   (one value per extruder), `;Layer height: 0.2`, `;LAYER_COUNT:50`. Per-layer `;TIME_ELAPSED:` is not the estimate.
 */
export type Slicer = "prusaslicer" | "superslicer" | "orcaslicer" | "bambustudio" | "cura" | "unknown";

export interface GcodeSummary {
  slicer: Slicer;
  /** The slicer's estimate for the model, in seconds (Bambu/Orca: "model printing time" when given, else the total). */
  estimated_time_s: number | null;
  /** The whole print's estimate including preparation, when the slicer gives it separately. */
  total_time_s: number | null;
  layer_height_mm: number | null;
  /** Sparse infill as a fraction (0.2 = 20 %). */
  infill: number | null;
  /** Perimeter loops (walls). */
  perimeters: number | null;
  /** The slicer slowed layers quicker than this (seconds); 0 when its cooling slowdown was off. */
  min_layer_time_s: number | null;
  layers: number | null;
  filament_used_mm: number | null;
  filament_used_cm3: number | null;
  filament_used_g: number | null;
}

/** Longest comment prefix kept (the settings we read are short; Cura's SETTING_3 lines are not needed). */
const MAX_COMMENT = 256;
const NEWLINE = 10;
const SEMICOLON = 59;

/** Streaming reader: `push` every chunk in order, then `finish`. */
export class GcodeSummaryReader {
  private readonly carry = new Uint8Array(MAX_COMMENT);
  private carryLength = 0;
  /** The current line is not a comment (or is past the bytes we keep): skip to its end. */
  private skipping = false;
  private atLineStart = true;
  private lineCount = 0;
  private readonly s: GcodeSummary = {
    slicer: "unknown",
    estimated_time_s: null,
    total_time_s: null,
    layer_height_mm: null,
    infill: null,
    perimeters: null,
    min_layer_time_s: null,
    layers: null,
    filament_used_mm: null,
    filament_used_cm3: null,
    filament_used_g: null,
  };
  private readonly times: Times = { model: null, normal: null, cooling: null };

  push(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.atLineStart) {
        // Leading blanks, then either a comment (kept) or a command (skipped without decoding).
        while (i < n && (chunk[i] === 32 || chunk[i] === 9)) i++;
        if (i >= n) return;
        this.atLineStart = false;
        this.skipping = chunk[i] !== SEMICOLON;
        this.carryLength = 0;
      }
      const end = chunk.indexOf(NEWLINE, i);
      const stop = end < 0 ? n : end;
      if (!this.skipping) {
        const take = Math.min(stop - i, MAX_COMMENT - this.carryLength);
        if (take > 0) {
          this.carry.set(chunk.subarray(i, i + take), this.carryLength);
          this.carryLength += take;
        }
      }
      if (end < 0) return;
      if (!this.skipping) this.comment();
      this.lineCount++;
      this.atLineStart = true;
      i = end + 1;
    }
  }

  finish(): GcodeSummary {
    if (!this.atLineStart && !this.skipping) this.comment();
    this.atLineStart = true;
    this.s.estimated_time_s = this.times.model ?? this.times.normal ?? this.s.total_time_s;
    if (this.times.cooling === false) this.s.min_layer_time_s = 0;
    return { ...this.s };
  }

  private comment(): void {
    let text = "";
    const b = this.carry;
    for (let k = 0; k < this.carryLength; k++) text += String.fromCharCode(b[k]);
    this.line(text.replace(/\r$/, "").trim());
  }

  private line(text: string): void {
    const s = this.s;
    // The slicer names itself in the first lines.
    if (s.slicer === "unknown" && this.lineCount < 40) {
      const by = /(PrusaSlicer|SuperSlicer|OrcaSlicer|BambuStudio|Bambu Studio|Cura_SteamEngine|Cura)/i.exec(text);
      if (by) s.slicer = SLICER_NAMES[by[1].toLowerCase().replace(/[ _].*/, "")] ?? "unknown";
    }
    for (const [pattern, read] of RULES) {
      const m = pattern.exec(text);
      if (m) {
        read(m, s, this.times);
        return;
      }
    }
  }
}

/**
 * Prusa's normal-mode estimate and Orca's/Bambu's model time, kept apart so the header's model time wins over a footer;
 * whether the cooling slowdown was on, which decides the minimum layer time at the end.
 */
interface Times {
  model: number | null;
  normal: number | null;
  cooling: boolean | null;
}

type Rule = [RegExp, (m: RegExpExecArray, s: GcodeSummary, t: Times) => void];

/** The first value of each wins: a G-code may repeat a setting (per object, per extruder) further on. */
const RULES: Rule[] = [
  [/^;\s*estimated printing time \(normal mode\)\s*=\s*(.+)$/i, (m, _, t) => (t.normal ??= durationSeconds(m[1]))],
  [
    /^;\s*model printing time:\s*([^;]+?)\s*(?:;\s*total estimated time:\s*(.+))?$/i,
    (m, s, t) => {
      t.model ??= durationSeconds(m[1]);
      if (m[2]) s.total_time_s ??= durationSeconds(m[2]);
    },
  ],
  [/^;\s*total estimated time:\s*(.+)$/i, (m, s) => (s.total_time_s ??= durationSeconds(m[1]))],
  [/^;(?:PRINT\.)?TIME:\s*(\d+(?:\.\d+)?)$/, (m, s) => (s.total_time_s ??= Number(m[1]))],
  [/^;\s*(?:layer_height|Layer height:)\s*=?\s*([\d.]+)$/i, (m, s) => (s.layer_height_mm ??= positive(m[1]))],
  [
    /^;\s*(?:fill_density|sparse_infill_density)\s*=\s*([\d.]+)\s*(%?)$/,
    (m, s) => {
      const v = Number(m[1]);
      s.infill ??= Number.isFinite(v) ? (m[2] === "%" || v > 1 ? v / 100 : v) : null;
    },
  ],
  [/^;\s*(?:perimeters|wall_loops)\s*=\s*(\d+)$/, (m, s) => (s.perimeters ??= Number(m[1]))],
  // One value per extruder or filament: the first.
  [/^;\s*(?:slowdown_below_layer_time|slow_down_layer_time)\s*=\s*(\d+(?:\.\d+)?)(?:,.*)?$/, (m, s) => (s.min_layer_time_s ??= Number(m[1]))],
  [/^;\s*(?:cooling|slow_down_for_layer_cooling)\s*=\s*([01])(?:,.*)?$/, (m, _, t) => (t.cooling ??= m[1] === "1")],
  [/^;\s*(?:total layer number:|LAYER_COUNT:)\s*(\d+)$/i, (m, s) => (s.layers ??= Number(m[1]))],
  [/^;\s*(?:total )?filament (?:used|length) \[mm\]\s*[=:]\s*(.+)$/i, (m, s) => (s.filament_used_mm ??= sum(m[1]))],
  [/^;\s*(?:total )?filament (?:used|volume) \[(?:cm3|cm\^3)\]\s*[=:]\s*(.+)$/i, (m, s) => (s.filament_used_cm3 ??= sum(m[1]))],
  [
    /^;\s*(?:total )?filament (?:used|weight) \[g\]\s*[=:]\s*(.+)$/i,
    (m, s) => {
      // PrusaSlicer writes "total filament used [g] = 0.00" when no density is set: not a measurement.
      const g = sum(m[1]);
      if (g !== null && g > 0) s.filament_used_g ??= g;
    },
  ],
  [
    /^;Filament used:\s*(.+)$/i,
    (m, s) => {
      const metres = sum(m[1].replace(/m/g, ""));
      s.filament_used_mm ??= metres === null ? null : Math.round(metres * 1e6) / 1e3;
    },
  ],
];

const SLICER_NAMES: Record<string, Slicer> = {
  prusaslicer: "prusaslicer",
  superslicer: "superslicer",
  orcaslicer: "orcaslicer",
  bambustudio: "bambustudio",
  bambu: "bambustudio",
  cura: "cura",
};

/** "1d 2h 3m 4s", "8m 35s", "37s", "01:02:03" → seconds; null when it is none of these. */
export function durationSeconds(text: string): number | null {
  const t = text.trim();
  const clock = /^(\d+):(\d{2}):(\d{2})$/.exec(t);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  const unit: Record<string, number> = { d: 86_400, h: 3600, m: 60, s: 1 };
  let seconds = 0;
  let parts = 0;
  const rest = t.replace(/(\d+(?:\.\d+)?)\s*([dhms])\b/gi, (_, v: string, u: string) => {
    seconds += Number(v) * unit[u.toLowerCase()];
    parts++;
    return "";
  });
  return parts > 0 && rest.trim() === "" ? seconds : null;
}

const positive = (v: string): number | null => {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : null;
};

/** "12.5, 3.1" (one value per extruder) → their sum. */
function sum(list: string): number | null {
  let total = 0;
  for (const part of list.split(",")) {
    const n = Number(part.trim());
    if (!Number.isFinite(n) || part.trim() === "") return null;
    total += n;
  }
  return Math.round(total * 1e6) / 1e6;
}

/** Reads a whole G-code from its chunks (a ReadableStream or any async iterable of bytes). */
export async function readGcodeSummary(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<GcodeSummary> {
  const reader = new GcodeSummaryReader();
  for await (const chunk of chunks) reader.push(chunk);
  return reader.finish();
}
