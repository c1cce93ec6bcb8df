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

/**
 * An amount typed in currency units ("42.5", "1,234.50") → integer minor
 * units of `currency`; null when it is not an amount or has more decimals
 * than the currency has.
 */
export function toMinor(text: string, currency: string): number | null {
  const digits = new Intl.NumberFormat(LOCALE, { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const match = /^(\d{1,12})(?:\.(\d*))?$/.exec(text.trim().replace(/,/g, ""));
  if (!match || (match[2]?.length ?? 0) > digits) return null;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? "").padEnd(digits, "0") || 0);
}
