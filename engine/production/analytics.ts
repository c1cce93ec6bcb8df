/**
 * The shop's analytics (issue 13, decision 41): the pure folding of what the
 * database aggregated (GROUP BY) into the figures the API and the page show.
 * Days are UTC calendar days (YYYY-MM-DD); rates are fractions 0…1 rounded to
 * four places, null when there is nothing to divide by.
 */

const DAY = 24 * 3600 * 1000;

export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every day from `from` to `to` (both YYYY-MM-DD, inclusive). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY) days.push(dayOf(t));
  return days;
}

/** A count for every day of the period, zero where nothing was counted (a bar chart needs the gaps). */
export function countsPerDay(days: readonly string[], rows: readonly { day: string; count: number }[]): { date: string; count: number }[] {
  const counted = new Map(rows.map((r) => [r.day, r.count]));
  return days.map((date) => ({ date, count: counted.get(date) ?? 0 }));
}

export const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

export interface FirstPassRow {
  stage: string;
  family: string;
  /** Stages (an MO's checkpoint stage) whose first checkpoint fell in the period. */
  stages: number;
  /** Of those, the ones whose first checkpoint passed outright. */
  passed: number;
}

export interface Yield {
  stages: number;
  first_pass: number;
  rate: number | null;
}

/** First-pass yield per stage and per family from the rows grouped by both; each list best-sampled first. */
export function firstPassYield(rows: readonly FirstPassRow[]) {
  const fold = (key: (r: FirstPassRow) => string) => {
    const sums = new Map<string, { stages: number; passed: number }>();
    for (const r of rows) {
      const s = sums.get(key(r)) ?? { stages: 0, passed: 0 };
      s.stages += r.stages;
      s.passed += r.passed;
      sums.set(key(r), s);
    }
    return [...sums]
      .map(([name, s]) => ({ name, stages: s.stages, first_pass: s.passed, rate: rate(s.passed, s.stages) }))
      .sort((a, b) => b.stages - a.stages || a.name.localeCompare(b.name));
  };
  return {
    by_stage: fold((r) => r.stage).map(({ name, ...y }) => ({ stage: name, ...y })),
    by_family: fold((r) => r.family).map(({ name, ...y }) => ({ family: name, ...y })),
  };
}

export interface ProfileWaste {
  profile: string;
  stock_m: number;
  cut_m: number;
  waste_percent: number;
}

/**
 * Waste per profile over several stored cutting lists (engine/cutting's
 * CuttingResult): stock and cut lengths summed, then the share of stock not
 * turned into parts. Lists or profiles not in that shape are skipped. Most stock first.
 */
export function wasteByProfile(lists: readonly unknown[]): ProfileWaste[] {
  const sums = new Map<string, { stock: number; cut: number }>();
  for (const list of lists) {
    const profiles = (list as { profiles?: unknown } | null)?.profiles;
    if (!Array.isArray(profiles)) continue;
    for (const p of profiles as { profile?: unknown; stock_length_total?: unknown; cut_length_total?: unknown }[]) {
      if (typeof p?.profile !== "string" || typeof p.stock_length_total !== "number" || typeof p.cut_length_total !== "number") continue;
      const s = sums.get(p.profile) ?? { stock: 0, cut: 0 };
      s.stock += p.stock_length_total;
      s.cut += p.cut_length_total;
      sums.set(p.profile, s);
    }
  }
  return [...sums]
    .filter(([, s]) => s.stock > 0)
    .map(([profile, s]) => ({
      profile,
      stock_m: Math.round(s.stock) / 1000,
      cut_m: Math.round(s.cut) / 1000,
      waste_percent: Math.round(((s.stock - s.cut) / s.stock) * 1000) / 10,
    }))
    .sort((a, b) => b.stock_m - a.stock_m || a.profile.localeCompare(b.profile));
}
