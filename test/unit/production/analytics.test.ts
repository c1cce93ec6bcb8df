import { describe, expect, it } from "vitest";
import { countsPerDay, daysBetween, firstPassYield, rate, wasteByProfile } from "../../../engine/production/analytics.ts";
import { niceCeiling } from "../../../app/production/charts.tsx";

describe("analytics folding", () => {
  it("lists every UTC day of a period, across a month end and a leap day", () => {
    expect(daysBetween("2028-02-27", "2028-03-01")).toEqual(["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"]);
    expect(daysBetween("2026-03-01", "2026-03-01")).toEqual(["2026-03-01"]);
    expect(daysBetween("2025-03-02", "2026-03-02")).toHaveLength(366);
  });

  it("fills the days nothing was counted with zero", () => {
    expect(countsPerDay(["2026-03-01", "2026-03-02", "2026-03-03"], [{ day: "2026-03-03", count: 4 }])).toEqual([
      { date: "2026-03-01", count: 0 },
      { date: "2026-03-02", count: 0 },
      { date: "2026-03-03", count: 4 },
    ]);
  });

  it("gives rates to four places and none without a whole", () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(0, 0)).toBeNull();
  });

  it("folds first-pass rows by stage and by family, most inspected first", () => {
    const got = firstPassYield([
      { stage: "Cut", family: "door", stages: 3, passed: 2 },
      { stage: "Cut", family: "cnc", stages: 1, passed: 1 },
      { stage: "Glazing", family: "door", stages: 4, passed: 1 },
    ]);
    expect(got.by_stage).toEqual([
      { stage: "Cut", stages: 4, first_pass: 3, rate: 0.75 },
      { stage: "Glazing", stages: 4, first_pass: 1, rate: 0.25 },
    ]);
    expect(got.by_family).toEqual([
      { family: "door", stages: 7, first_pass: 3, rate: 0.4286 },
      { family: "cnc", stages: 1, first_pass: 1, rate: 1 },
    ]);
  });

  it("sums stock and cut per profile over cutting lists, skipping what is not a list", () => {
    const list = (profiles: unknown[]) => ({ profiles });
    const got = wasteByProfile([
      list([
        { profile: "SPW600e-frame", stock_length_total: 6500, cut_length_total: 6100 },
        { profile: "SPW600e-leaf", stock_length_total: 6000, cut_length_total: 3000 },
      ]),
      list([{ profile: "SPW600e-frame", stock_length_total: 6000, cut_length_total: 5650 }, { profile: 7 }]),
      null,
      { profiles: "none" },
      list([{ profile: "empty", stock_length_total: 0, cut_length_total: 0 }]),
    ]);
    expect(got).toEqual([
      { profile: "SPW600e-frame", stock_m: 12.5, cut_m: 11.75, waste_percent: 6 },
      { profile: "SPW600e-leaf", stock_m: 6, cut_m: 3, waste_percent: 50 },
    ]);
  });

  it("rounds a chart's count axis up to 1, 2 or 5 × 10ⁿ", () => {
    expect([0, 1, 2, 3, 7, 10, 11, 26, 99, 501].map(niceCeiling)).toEqual([1, 1, 2, 5, 10, 10, 20, 50, 100, 1000]);
  });
});
