import type { OpenQuote } from "./use-open-quote.ts";

export type QuoteTarget = "open" | "new";

/** "Add to my open quote Q-… / New quote": shown only when the caller has an open quote. */
export function QuoteTargetChoice({ openQuote, target, onChange }: { openQuote: OpenQuote; target: QuoteTarget; onChange(target: QuoteTarget): void }) {
  return (
    <fieldset className="field quote-target">
      <legend>Quote</legend>
      <label className="radio-line">
        <input type="radio" name="quote_target" checked={target === "open"} onChange={() => onChange("open")} />
        Add to my open quote {openQuote.number}
      </label>
      <label className="radio-line">
        <input type="radio" name="quote_target" checked={target === "new"} onChange={() => onChange("new")} />
        New quote
      </label>
    </fieldset>
  );
}
