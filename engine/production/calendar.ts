const DAY = 24 * 3600 * 1000;

/** `days` working days (Monday to Friday, UTC) after `from`: a due date from a lead time. */
export function addWorkingDays(from: number, days: number): number {
  let at = from;
  for (let left = days; left > 0; ) {
    at += DAY;
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return at;
}
