/** "2026-11-17" — one format on server and client, so hydration never disagrees over locales. */
export const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");

/** "2026-11-17 14:05 UTC" — for events that may happen several times a day. */
export const moment = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "—");
