/**
 * The language and region a shop's pages format money, numbers and dates in
 * (a BCP 47 tag such as `en-GB` or `de-DE`). Shared by the Worker, which
 * validates and stores it, and the UI, which formats with it.
 */
export const DEFAULT_LOCALE = "en-GB";

/**
 * The canonical form of a locale tag (`de-de` → `de-DE`) when the runtime's Intl can format
 * numbers and dates in it; null for anything else (`en_GB`, `xx-YY`).
 */
export function canonicalLocale(tag: string): string | null {
  let canonical: string;
  try {
    [canonical] = Intl.getCanonicalLocales(tag);
  } catch {
    return null;
  }
  if (!canonical) return null;
  const supported = Intl.NumberFormat.supportedLocalesOf([canonical]).length > 0 && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length > 0;
  return supported ? canonical : null;
}
