/** Unit price at each quantity break, the current quantity's row marked; a row click picks that quantity. */
import type { QuantityBreakRow } from "../../engine/pricing/quantity-breaks.ts";
import { money, percent } from "./format.ts";

export function QuantityBreaks({ rows, quantity, currency, onPick }: { rows: QuantityBreakRow[]; quantity: number; currency: string; onPick: (q: number) => void }) {
  const current = [...rows].reverse().find((r) => r.quantity <= quantity)?.quantity;
  return (
    <table className="breaks">
      <caption>Quantity breaks</caption>
      <thead>
        <tr>
          <th scope="col">Quantity</th>
          <th scope="col">Unit price</th>
          <th scope="col">Discount</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.quantity} className={r.quantity === current ? "breaks-current" : undefined} aria-current={r.quantity === current || undefined}>
            <td>
              <button type="button" className="link-button" onClick={() => onPick(r.quantity)} aria-label={`Order ${r.quantity}`}>
                {r.quantity}+
              </button>
            </td>
            <td className="amount">{money(r.unit_price, currency)}</td>
            <td className="amount">{r.discount > 0 ? `−${percent(r.discount)}` : "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
