/** Fixed locale: the server render and the browser must print the same text (no hydration mismatch). */
const LOCALE = "en-GB";

export { money } from "../lib/money.ts";

export const num = (value: number, digits = 0) => value.toLocaleString(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits });
