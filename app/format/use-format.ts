import { useMemo } from "react";
import { useRouteLoaderData } from "react-router";
import type { loader as rootLoader } from "../root.tsx";
import { DEFAULT_LOCALE } from "../../shared/locale.ts";
import { day, moment } from "./dates.ts";
import { money } from "./money.ts";
import { bytes, cm2, cm3, measure, mm, number, percent, plural, size3 } from "./quantities.ts";

/** Every formatter with the locale filled in. */
export function formatter(locale: string) {
  return {
    locale,
    money: (minor: number, currency: string) => money(locale, minor, currency),
    number: (n: number, digits?: number) => number(locale, n, digits),
    measure: (n: number) => measure(locale, n),
    mm: (n: number) => mm(locale, n),
    cm3: (mm3: number) => cm3(locale, mm3),
    cm2: (mm2: number) => cm2(locale, mm2),
    size3: (s: readonly number[]) => size3(locale, s),
    bytes: (n: number) => bytes(locale, n),
    percent: (fraction: number) => percent(locale, fraction),
    plural: (n: number, one: string, many?: string) => plural(locale, n, one, many),
    day: (iso: string | null) => day(locale, iso),
    moment: (iso: string | null) => moment(locale, iso),
  };
}

export type Format = ReturnType<typeof formatter>;

/** The shop's locale (the root site, and pages outside a shop, use the default). */
export function useLocale(): string {
  const site = useRouteLoaderData<typeof rootLoader>("root")?.site;
  return site?.kind === "tenant" ? site.tenant.locale : DEFAULT_LOCALE;
}

/** The formatters in the shop's locale, for components. */
export function useFormat(): Format {
  const locale = useLocale();
  return useMemo(() => formatter(locale), [locale]);
}
