import { useId } from "react";

/**
 * Plain SVG charts for the analytics page (no chart library): drawn in a
 * viewBox that scales to the container, each labelled by its <title> and
 * followed by its data as a table for those who cannot see the drawing.
 */

/** A round upper end for a count axis: 1, 2, 5 × 10ⁿ at or above `max` (at least 1). */
export function niceCeiling(max: number): number {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((f) => f * power).find((v) => v >= max) ?? 10 * power;
}

interface Column {
  label: string;
  value: number;
}

const W = 720;

/** Vertical bars, one per column (days), with the axis maximum and every few labels. */
export function BarChart({ title, columns, valueText }: { title: string; columns: readonly Column[]; valueText: (n: number) => string }) {
  const id = useId();
  const H = 200;
  const top = niceCeiling(Math.max(0, ...columns.map((c) => c.value)));
  const left = 32;
  const bottom = 24;
  const step = (W - left) / Math.max(1, columns.length);
  const every = Math.ceil(columns.length / 10);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <line x1={left} x2={W} y1={H - bottom} y2={H - bottom} className="chart-axis" />
        <text x={left - 4} y={12} textAnchor="end" className="chart-tick">
          {top}
        </text>
        <text x={left - 4} y={H - bottom} textAnchor="end" className="chart-tick">
          0
        </text>
        {columns.map((c, i) => {
          const h = ((H - bottom - 8) * c.value) / top;
          return (
            <g key={c.label}>
              <rect x={left + i * step + step * 0.15} width={step * 0.7} y={H - bottom - h} height={h} className="chart-bar">
                <title>{`${c.label}: ${valueText(c.value)}`}</title>
              </rect>
              {i % every === 0 && (
                <text x={left + i * step + step / 2} y={H - 6} textAnchor="middle" className="chart-tick">
                  {c.label.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Horizontal bars on a 0…`max` scale (100 for percentages), each row labelled with its name and its value as written. */
export function HorizontalBars({ title, rows, max }: { title: string; rows: readonly (Column & { text: string })[]; max: number }) {
  const id = useId();
  const row = 28;
  const label = 200;
  const value = 80;
  const H = Math.max(1, rows.length) * row;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        {rows.length === 0 && (
          <text x={0} y={18} className="chart-tick">
            Nothing recorded in this period
          </text>
        )}
        {rows.map((r, i) => (
          <g key={r.label} transform={`translate(0 ${i * row})`}>
            <text x={label - 8} y={row / 2 + 5} textAnchor="end" className="chart-label">
              {r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label}
            </text>
            <rect x={label} y={4} width={W - label - value} height={row - 8} className="chart-track" />
            <rect x={label} y={4} width={((W - label - value) * Math.min(r.value, max)) / max} height={row - 8} className="chart-bar">
              <title>{`${r.label}: ${r.text}`}</title>
            </rect>
            <text x={W - value + 8} y={row / 2 + 5} className="chart-label">
              {r.text}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
