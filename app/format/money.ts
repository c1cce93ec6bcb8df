const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency });
    formats.set(key, f);
  }
  return f;
}

/** How many minor units a currency's major unit has as a power of ten: EUR 2, JPY 0, KWD 3 (the same in every locale). */
export const minorDigits = (currency: string) => new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** Integer minor units of `currency`, written the locale's way: 123450 EUR → "€1,234.50" (en-GB), "1.234,50 €" (de-DE). */
export function money(locale: string, minor: number, currency: string): string {
  return currencyFormat(locale, currency).format(minor / 10 ** minorDigits(currency));
}

/**
 * An amount typed in currency units ("42.5", "1,234.50") → integer minor
 * units of `currency`; null when it is not an amount or has more decimals
 * than the currency has.
 */
export function toMinor(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const match = /^(\d{1,12})(?:\.(\d*))?$/.exec(text.trim().replace(/,/g, ""));
  if (!match || (match[2]?.length ?? 0) > digits) return null;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? "").padEnd(digits, "0") || 0);
}
