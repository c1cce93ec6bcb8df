import { statusLabel, toneOf } from "../lib/webhooks.ts";

/** A coloured status word; the colour repeats the word, it never replaces it. A given label is shown as written. */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={`badge badge-tone-${toneOf(status)}${label ? " badge-as-written" : ""}`}>{label ?? statusLabel(status)}</span>;
}
