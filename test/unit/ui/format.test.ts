import { describe, expect, it } from "vitest";
import { day, moment } from "../../../app/format/dates.ts";
import { minorDigits, money } from "../../../app/format/money.ts";
import { bytes, cm3, measure, number, percent, plural, size3 } from "../../../app/format/quantities.ts";
import { formatter } from "../../../app/format/use-format.ts";
import { canonicalLocale, DEFAULT_LOCALE } from "../../../shared/locale.ts";

/** ICU separates some groups and symbols with (narrow) no-break spaces: compare them as plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("money", () => {
  it.each([
    ["en-GB", 123450, "EUR", "€1,234.50"],
    ["de-DE", 123450, "EUR", "1.234,50 €"],
    ["fr-FR", 123450, "EUR", "1 234,50 €"],
    ["en-US", 123450, "USD", "$1,234.50"],
    ["en-GB", 123450, "USD", "US$1,234.50"],
    ["en-GB", 2450, "GBP", "£24.50"],
  ])("%s writes %i minor units of %s as %s", (locale, minor, currency, expected) => {
    expect(plain(money(locale, minor, currency))).toBe(expected);
  });

  it("reads minor units by the currency's own digits, whatever the locale", () => {
    expect([minorDigits("EUR"), minorDigits("JPY"), minorDigits("KWD")]).toEqual([2, 0, 3]);
    expect(plain(money("en-US", 1234, "JPY"))).toBe("¥1,234");
    expect(plain(money("en-GB", 1234, "KWD"))).toBe("KWD 1.234");
    expect(plain(money("de-DE", 1, "EUR"))).toBe("0,01 €");
    expect(plain(money("en-GB", -999, "EUR"))).toBe("-€9.99");
  });
});

describe("quantities", () => {
  it("rounds to the digits asked for, with the locale's separators", () => {
    expect(number("en-GB", 1234.5)).toBe("1,235");
    expect(number("de-DE", 1234.5, 1)).toBe("1.234,5");
    expect(number("en-GB", 0.125, 2)).toBe("0.13");
    expect(number("en-GB", 2, 2)).toBe("2.00");
  });

  it("measures keep about three significant digits", () => {
    expect([measure("en-GB", 1234.4), measure("en-GB", 12.34), measure("en-GB", 0.1234)]).toEqual(["1,234", "12.3", "0.12"]);
    expect(measure("de-DE", 12.34)).toBe("12,3");
    expect(cm3("en-GB", 24_000)).toBe("24 cm³");
    expect(size3("de-DE", [40, 30.25, 2.5])).toBe("40 × 30,3 × 2,5 mm");
  });

  it("percent is rounded to one decimal, without floating-point noise", () => {
    expect(percent("en-GB", 0.05)).toBe("5 %");
    expect(percent("en-GB", 0.07)).toBe("7 %");
    expect(percent("en-GB", 0.125)).toBe("12.5 %");
    expect(percent("de-DE", 0.125)).toBe("12,5 %");
    expect(percent("en-GB", 0.12345)).toBe("12.3 %");
  });

  it("bytes and plurals", () => {
    expect([bytes("en-GB", 512), bytes("en-GB", 1536), bytes("de-DE", 5 * 1024 * 1024 + 104_858)]).toEqual(["512 B", "1.5 KB", "5,1 MB"]);
    expect([plural("en-GB", 1, "part"), plural("en-GB", 1200, "part"), plural("de-DE", 2, "box", "boxes")]).toEqual(["1 part", "1,200 parts", "2 boxes"]);
  });
});

describe("dates", () => {
  it("are written the locale's way, in UTC (the same text on the server and in any browser)", () => {
    const late = "2026-11-17T23:30:00.000Z";
    expect(day("en-GB", late)).toBe("17 Nov 2026");
    expect(day("en-US", late)).toBe("Nov 17, 2026");
    expect(day("de-DE", late)).toBe("17.11.2026");
    expect(day("en-GB", "2026-11-17")).toBe("17 Nov 2026");
    expect(moment("en-GB", late)).toBe("17 Nov 2026, 23:30 UTC");
    expect(moment("en-US", late)).toBe("Nov 17, 2026, 23:30 UTC");
  });

  it("no date or an unreadable one is a dash", () => {
    expect([day("en-GB", null), day("en-GB", "not a date"), moment("en-GB", null)]).toEqual(["—", "—", "—"]);
  });
});

describe("formatter and the shop's locale", () => {
  it("binds every formatter to one locale", () => {
    const f = formatter("de-DE");
    expect(plain(f.money(123450, "EUR"))).toBe("1.234,50 €");
    expect(f.number(1234)).toBe("1.234");
    expect(f.day("2026-01-05")).toBe("05.01.2026");
  });

  it("the default is en-GB; a locale is accepted only when Intl can format in it, in canonical form", () => {
    expect(DEFAULT_LOCALE).toBe("en-GB");
    expect([canonicalLocale("de-de"), canonicalLocale("EN-us"), canonicalLocale("fr")]).toEqual(["de-DE", "en-US", "fr"]);
    expect([canonicalLocale("en_GB"), canonicalLocale("xx-YY"), canonicalLocale(""), canonicalLocale("123")]).toEqual([null, null, null, null]);
  });
});
