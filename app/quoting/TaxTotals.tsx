import { useFormat } from "../format/use-format.ts";

interface Props {
  currency: string;
  /** Excluding tax; null where the list shows no net line. */
  net: number | null;
  tax: { label: string; rate: number; inclusive?: boolean; amount: number };
  total: number;
  totalLabel?: string;
  taxTestId?: string;
  totalTestId?: string;
}

/**
 * The end of a totals list (decision 75): for a book that adds the tax, the net, the tax
 * on it and the total; for one whose prices include it, the total and then the tax it
 * contains, so the lines above still add up to the total.
 */
export function TaxTotals({ currency, net, tax, total, totalLabel = "Total", taxTestId, totalTestId }: Props) {
  const { money } = useFormat();
  const rate = `${tax.label} ${Math.round(tax.rate * 1000) / 10} %`;
  const taxRow = (
    <div>
      <dt>{tax.inclusive ? `incl. ${rate}` : rate}</dt>
      <dd data-testid={taxTestId}>{money(tax.amount, currency)}</dd>
    </div>
  );
  const totalRow = (
    <div className="save-gross">
      <dt>{totalLabel}</dt>
      <dd data-testid={totalTestId}>{money(total, currency)}</dd>
    </div>
  );
  if (tax.inclusive)
    return (
      <>
        {totalRow}
        {taxRow}
      </>
    );
  return (
    <>
      {net !== null && (
        <div>
          <dt>Net</dt>
          <dd>{money(net, currency)}</dd>
        </div>
      )}
      {taxRow}
      {totalRow}
    </>
  );
}
