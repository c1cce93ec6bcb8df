/** Counts, measurements, sizes and shares, written with the locale's digits and separators; units stay SI. */

export const number = (locale: string, n: number, digits = 0) => n.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Three significant-ish digits for measurements: 1,234 / 12.3 / 0.12. */
export const measure = (locale: string, n: number) => n.toLocaleString(locale, { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2 });

export const mm = (locale: string, n: number) => `${measure(locale, n)} mm`;
export const cm3 = (locale: string, mm3: number) => `${measure(locale, mm3 / 1000)} cm³`;
export const cm2 = (locale: string, mm2: number) => `${measure(locale, mm2 / 100)} cm²`;
export const size3 = (locale: string, s: readonly number[]) => `${s.map((n) => measure(locale, n)).join(" × ")} mm`;

export function bytes(locale: string, n: number): string {
  if (n < 1024) return `${number(locale, n)} B`;
  if (n < 1024 * 1024) return `${number(locale, n / 1024, 1)} KB`;
  return `${number(locale, n / (1024 * 1024), 1)} MB`;
}

/** A share as "5 %" or "12.5 %" (a space before the sign, as the quotes print it). */
export const percent = (locale: string, fraction: number) => {
  const p = Math.round(fraction * 1000) / 10;
  return `${number(locale, p, Number.isInteger(p) ? 0 : 1)} %`;
};

/** "1 part", "1,200 parts". */
export const plural = (locale: string, n: number, one: string, many = `${one}s`) => `${number(locale, n)} ${n === 1 ? one : many}`;
