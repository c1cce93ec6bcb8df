import { describe, expect, it } from "vitest";
import { priceGroups, readPriceTable } from "../../../app/lib/price-table.ts";
import { EXAMPLE_CABINET_PRICES } from "../../../engine/products/cabinet/bom.ts";
import { EXAMPLE_DOOR_PRICES } from "../../../engine/products/door/pricing.ts";

/** What the browser posts for a rendered table: each input's name and the text in it. */
const post = (prices: Record<string, unknown>, typed: Record<string, string> = {}) => {
  const form = new FormData();
  form.set("name", "Door");
  for (const g of priceGroups(prices)) for (const r of g.rows) form.set(r.name, typed[r.name] ?? String(r.value));
  return form;
};

describe("the admin's price table", () => {
  it("groups a family's table, own fields first, each input named by its API path", () => {
    const groups = priceGroups(EXAMPLE_DOOR_PRICES as unknown as Record<string, unknown>);
    expect(groups.map((g) => g.key)).toEqual(["", "profile_per_m", "finish_per_m", "glass_per_m2", "items", "labour"]);
    expect(groups[0].rows).toEqual([{ name: "prices.currency", code: "currency", value: "EUR" }]);
    expect(groups[1].rows[0]).toEqual({ name: "prices.profile_per_m.SPW600e-FRAME-75", code: "SPW600e-FRAME-75", value: 2450 });
  });

  it.each([
    ["door", EXAMPLE_DOOR_PRICES],
    ["cabinet", EXAMPLE_CABINET_PRICES],
  ])("reads the %s table back from the form unchanged", (_family, prices) => {
    expect(readPriceTable(post(prices as unknown as Record<string, unknown>))).toEqual(prices);
  });

  it("keeps what is not a number as typed, for the API to name", () => {
    const table = readPriceTable(
      post(EXAMPLE_CABINET_PRICES as unknown as Record<string, unknown>, {
        "prices.unit_prices.SHELF-PIN": "ten",
        "prices.labour_per_cabinet": " ",
        "prices.unit_prices.CAM-CONNECTOR": "-4",
      }),
    );
    expect(table).toMatchObject({ labour_per_cabinet: "", unit_prices: { "SHELF-PIN": "ten", "CAM-CONNECTOR": -4 } });
  });
});
