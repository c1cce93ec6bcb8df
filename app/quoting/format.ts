/** Readable numbers with units and money in the shop's currency; one locale so server and client render alike. */
const LOCALE = "en-US";

export { money } from "../lib/money.ts";

export const number = (n: number, digits = 0) =>
  n.toLocaleString(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Three significant-ish digits for measurements: 1,234 / 12.3 / 0.123. */
export const measure = (n: number) =>
  n.toLocaleString(LOCALE, { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2 });

export const mm = (n: number) => `${measure(n)} mm`;
export const cm3 = (mm3: number) => `${measure(mm3 / 1000)} cm³`;
export const cm2 = (mm2: number) => `${measure(mm2 / 100)} cm²`;
export const size3 = (s: readonly number[]) => `${s.map(measure).join(" × ")} mm`;

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${number(n / 1024, 1)} KB`;
  return `${number(n / (1024 * 1024), 1)} MB`;
}

export const percent = (fraction: number) => `${number(fraction * 100, Number.isInteger(fraction * 100) ? 0 : 1)} %`;

export const plural = (n: number, one: string, many = `${one}s`) => `${number(n)} ${n === 1 ? one : many}`;
