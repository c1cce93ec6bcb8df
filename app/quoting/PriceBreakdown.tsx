/** The cost lines of one price, each with its amount for the whole line. */
import type { PriceResult } from "../../engine/pricing/types.ts";
import { useFormat } from "../format/use-format.ts";

export function PriceBreakdown({ price, caption }: { price: PriceResult; caption: string }) {
  const { money } = useFormat();
  return (
    <table className="breakdown">
      <caption className="visually-hidden">{caption}</caption>
      <tbody>
        {price.breakdown.map((line, i) => (
          <tr key={`${line.code}-${i}`}>
            <th scope="row">{line.label}</th>
            <td className={line.amount < 0 ? "amount amount-credit" : "amount"}>{money(line.amount, price.currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">
            {price.tax.inclusive ? "Total" : "Net total"}{" "}
            <span className="muted">
              ({price.quantity} × {money(price.unit_price, price.currency)})
            </span>
          </th>
          <td className="amount">{money(price.total, price.currency)}</td>
        </tr>
        <tr className="breakdown-tax">
          <th scope="row">
            {price.tax.label} {Math.round(price.tax.rate * 1000) / 10} %{price.tax.inclusive ? " (included)" : ""}
          </th>
          <td className="amount">{money(price.tax.amount, price.currency)}</td>
        </tr>
        {!price.tax.inclusive && (
          <tr className="breakdown-gross">
            <th scope="row">Total with {price.tax.label}</th>
            <td className="amount">{money(price.tax.total_with_tax, price.currency)}</td>
          </tr>
        )}
      </tfoot>
    </table>
  );
}
