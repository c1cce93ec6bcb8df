import { useId } from "react";
import { useFormat } from "../format/use-format.ts";
import { type BarLayout, type DiagramInput, layoutCuttingDiagram, type Segment } from "./cutting-diagram.ts";

/** Drawing units of the longest bar, about its width in px on a 768 px tablet; the SVG scales to its column (capped in CSS). */
const DRAWING_WIDTH = 700;
const BAR_HEIGHT = 34;
const CAPTION_HEIGHT = 22;
const ROW = CAPTION_HEIGHT + BAR_HEIGHT + 14;
/** Roughly the width of one character of the 12-unit label font, to decide what text fits in a cut. */
const CHAR_WIDTH = 6.6;

/** Light fills, distinct from each other, that dark label text stays legible on. */
const PALETTE = ["#8ecae6", "#ffb703", "#90be6d", "#f4a3a8", "#cdb4db", "#fff3b0", "#7fd1c7", "#ffd6a5", "#c9ada7", "#b8c0ff"];

/**
 * The order's cutting list drawn to scale: one row per stock bar, every bar on
 * the same mm-to-unit scale, its cuts coloured by piece with their labels,
 * kerfs dark, the reusable offcut hatched and the trims and slivers grey.
 */
export function CuttingDiagram({ list }: { list: DiagramInput }) {
  const layout = layoutCuttingDiagram(list, DRAWING_WIDTH, PALETTE.length);
  const { locale } = useFormat();
  const mm = (n: number) => `${n.toLocaleString(locale, { maximumFractionDigits: 1 })} mm`;
  return (
    <div className="cutting-diagrams">
      <ul className="cutting-legend" aria-label="Pieces by colour">
        {layout.legend.map((l) => (
          <li key={l.label}>
            <span className="swatch" style={{ background: PALETTE[l.colour] }} aria-hidden="true" />
            {l.label}
          </li>
        ))}
        <li>
          <span className="swatch swatch-offcut" aria-hidden="true" />
          Offcut (reusable)
        </li>
        <li>
          <span className="swatch swatch-waste" aria-hidden="true" />
          Kerf, trim and sliver
        </li>
      </ul>
      {layout.profiles.map((p) => (
        <ProfileDiagram key={p.profile} profile={p.profile} bars={p.bars} mm={mm} kerf={list.kerf} />
      ))}
    </div>
  );
}

function ProfileDiagram({ profile, bars, mm, kerf }: { profile: string; bars: BarLayout[]; mm: (n: number) => string; kerf: number }) {
  const id = useId();
  const height = bars.length * ROW;
  return (
    <figure className="cutting-figure">
      <figcaption id={`${id}-caption`}>
        <strong>{profile}</strong> · {bars.length === 1 ? "1 bar" : `${bars.length} bars`} · kerf {mm(kerf)}
      </figcaption>
      <svg className="cutting-diagram" viewBox={`0 0 ${DRAWING_WIDTH + 2} ${height}`} role="img" aria-labelledby={`${id}-title`} data-profile={profile}>
        <title
          id={`${id}-title`}
        >{`Cutting diagram for ${profile}: ${bars.map((b) => `bar ${b.number}, ${mm(b.stock_length)}, ${b.segments.filter((s) => s.kind === "cut").length} cuts, offcut ${mm(b.offcut)}`).join("; ")}`}</title>
        <defs>
          <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#e4e7eb" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#8a939c" strokeWidth="2" />
          </pattern>
        </defs>
        {bars.map((bar, i) => (
          <g key={bar.number} transform={`translate(1 ${i * ROW})`} className="cutting-bar-row">
            <title>{`Bar ${bar.number}: ${mm(bar.stock_length)} stock; ${bar.segments
              .filter((s) => s.kind === "cut")
              .map((s) => `${s.label} ${mm(s.length)}`)
              .join(", ")}; offcut ${mm(bar.offcut)}`}</title>
            <text x="0" y={CAPTION_HEIGHT - 7} className="bar-caption">
              {`Bar ${bar.number} · ${bar.remnant_lot ? `remnant ${bar.remnant_lot}, ` : ""}${mm(bar.stock_length)} · offcut ${mm(bar.offcut)}`}
            </text>
            {bar.segments.map((s) => (
              <SegmentShape key={`${s.kind}-${s.x}`} segment={s} hatch={`url(#${id}-hatch)`} mm={mm} />
            ))}
            {/* The stock bar's outline, drawn last so it frames every segment: its width is the bar's length to scale. */}
            <rect
              className="bar"
              x="0"
              y={CAPTION_HEIGHT}
              width={bar.width}
              height={BAR_HEIGHT}
              data-length={bar.stock_length}
              fill="none"
              stroke="#1b1f24"
              strokeWidth="1"
            />
          </g>
        ))}
      </svg>
    </figure>
  );
}

function SegmentShape({ segment: s, hatch, mm }: { segment: Segment; hatch: string; mm: (n: number) => string }) {
  const fill = s.kind === "cut" ? PALETTE[s.colour ?? 0] : s.kind === "offcut" ? hatch : s.kind === "kerf" ? "#1b1f24" : "#9aa3ad";
  const name =
    s.kind === "cut"
      ? `${s.label}: ${mm(s.length)}`
      : `${s.kind === "offcut" ? "Offcut" : s.kind === "kerf" ? "Kerf" : s.kind === "trim" ? "Trim" : "Sliver"}: ${mm(s.length)}`;
  // The label when it fits, else the length alone, else nothing (the title still names it).
  const full = s.kind === "cut" ? `${s.label} · ${mm(s.length)}` : s.kind === "offcut" ? `offcut ${mm(s.length)}` : "";
  const short = s.kind === "cut" || s.kind === "offcut" ? mm(s.length) : "";
  const text = full && full.length * CHAR_WIDTH + 8 <= s.width ? full : short && short.length * CHAR_WIDTH + 8 <= s.width ? short : "";
  return (
    <g className={`segment segment-${s.kind}`}>
      <title>{name}</title>
      <rect x={s.x} y={CAPTION_HEIGHT} width={s.width} height={BAR_HEIGHT} fill={fill} />
      {text && (
        <text x={s.x + s.width / 2} y={CAPTION_HEIGHT + BAR_HEIGHT / 2 + 4} textAnchor="middle" className="segment-label">
          {text}
        </text>
      )}
    </g>
  );
}
