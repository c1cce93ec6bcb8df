/**
 * Dates from the API (ISO 8601) written the locale's way, always in UTC: the
 * server render and the browser then print the same text wherever the
 * visitor is (no hydration mismatch), and the zone is never ambiguous.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: "medium", ...(withTime ? { timeStyle: "short", hourCycle: "h23" } : {}), timeZone: "UTC" });
    formats.set(key, f);
  }
  return f;
}

const parse = (iso: string | null) => {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? null : t;
};

/** "17 Nov 2026" (en-GB), "Nov 17, 2026" (en-US); "—" for none. */
export function day(locale: string, iso: string | null): string {
  const t = parse(iso);
  return t === null ? "—" : dateFormat(locale, false).format(t);
}

/** "17 Nov 2026, 14:05 UTC" — for events that may happen several times a day. */
export function moment(locale: string, iso: string | null): string {
  const t = parse(iso);
  return t === null ? "—" : `${dateFormat(locale, true).format(t)} UTC`;
}
