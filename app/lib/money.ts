/** One locale so the server render and the browser print the same text (no hydration mismatch). */
const LOCALE = "en-US";

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Integer minor units of `currency` → "€1,234.50". */
export function money(minor: number, currency: string): string {
  let f = moneyFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, { style: "currency", currency });
    moneyFormats.set(currency, f);
  }
  return f.format(minor / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
}
