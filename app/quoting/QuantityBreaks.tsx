/**
 * Unit price at each quantity break, the current quantity's row marked; a row
 * click picks that quantity. Each row shows the one-off setup's share of its
 * unit price and the discount really applied, so a unit price that falls by
 * more than the discount is explained on the row itself.
 */
import { useId } from "react";
import { QUANTITY_BREAKS_NOTE } from "../../engine/documents/describe.ts";
import type { QuantityBreakRow } from "../../engine/pricing/quantity-breaks.ts";
import { useFormat } from "../format/use-format.ts";

export function QuantityBreaks({
  rows,
  quantity,
  currency,
  onPick,
}: {
  rows: QuantityBreakRow[];
  quantity: number;
  currency: string;
  onPick: (q: number) => void;
}) {
  const { money, percent } = useFormat();
  const noteId = useId();
  const current = [...rows].reverse().find((r) => r.quantity <= quantity)?.quantity;
  return (
    <figure className="breaks-figure">
      <table className="breaks" aria-describedby={noteId}>
        <caption>Quantity breaks</caption>
        <thead>
          <tr>
            <th scope="col">Quantity</th>
            <th scope="col">Unit price</th>
            <th scope="col">of which setup</th>
            <th scope="col">Discount</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.quantity}
              className={r.quantity === current ? "breaks-current" : undefined}
              aria-current={r.quantity === current || undefined}
              data-testid="break-row"
            >
              <td>
                <button type="button" className="link-button" onClick={() => onPick(r.quantity)} aria-label={`Order ${r.quantity}`}>
                  {r.quantity}+
                </button>
              </td>
              <td className="amount">{money(r.unit_price, currency)}</td>
              <td className="amount muted">{money(r.setup_per_unit, currency)}</td>
              <td className="amount">
                {r.applied_discount > 0.0005 ? `−${percent(Math.round(r.applied_discount * 1000) / 1000)}` : "—"}
                {r.discount - r.applied_discount > 0.0005 && (
                  <span className="muted breaks-capped" title={`The ${percent(r.discount)} break is limited by the shop's lowest price for this part.`}>
                    {" "}
                    (of {percent(r.discount)})
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption id={noteId} className="muted breaks-note">
        {QUANTITY_BREAKS_NOTE}
      </figcaption>
    </figure>
  );
}
