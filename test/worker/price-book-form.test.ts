import { describe, expect, it } from "vitest";
import { createTenant, data, expectError } from "./helpers.ts";
import { fromForm, setAt, toForm } from "../../app/price-book/book-form.ts";
import { demoCatalog } from "../../engine/pricing/demo-catalog.ts";

/*
 * What the admin's price-book form sends (app/price-book/book-form.ts): the
 * API refuses a negative machine rate and an empty material list with a 422
 * at the book path the form names its input by, and publishes nothing.
 */
describe("POST /price-books with the form's book", () => {
  it("refuses a negative rate and an empty material list at their fields, publishing nothing; the unchanged form publishes", async () => {
    const t = await createTenant();
    const form = toForm(demoCatalog);

    const negative = fromForm(setAt(form, ["processes", "fff", "machines", 0, "hourly_rate"], "-5.00"));
    expect(negative.issues).toEqual([]);
    const refused = await expectError(
      t.owner.post("/api/v1/price-books", { book: negative.book }),
      422,
      "UNPROCESSABLE_ENTITY",
      "book.processes.fff.machines.0.hourly_rate",
    );
    expect(refused.error.details.map((d: { field: string }) => d.field)).toEqual(["book.processes.fff.machines.0.hourly_rate"]);

    const empty = fromForm(setAt(form, ["materials"], []));
    const noMaterials = await expectError(t.owner.post("/api/v1/price-books", { book: empty.book }), 422, "UNPROCESSABLE_ENTITY", "book.materials");
    expect(noMaterials.error.details.find((d: { field: string }) => d.field === "book.materials")?.message).toMatch(/>=1 items/);

    const versions = await data<{ version: number }[]>(t.owner.get("/api/v1/price-books"));
    expect(versions.map((v) => v.version)).toEqual([1]);

    const published = await data<Record<string, unknown>>(t.owner.post("/api/v1/price-books", { book: fromForm(form).book }), 201);
    const { price_book_version, valid_from: _f, version: _v, ...book } = published;
    expect(price_book_version).toBe("2");
    const { version: _demo, ...demo } = demoCatalog;
    expect(book).toEqual(demo);
  });
});
