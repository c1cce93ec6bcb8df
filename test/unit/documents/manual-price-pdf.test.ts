import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderQuotePdf } from "../../../engine/documents/quote-pdf.ts";
import { applyBlockers, manualPrice, type PriceResult } from "../../../engine/pricing/index.ts";
import { quoteInput } from "./quote-fixture.ts";

describe("a manual price on the quote PDF (read back by poppler)", () => {
  it("says the shop set the price, with its note, and its findings as checked rather than to fix", async () => {
    const first = quoteInput.quote.items[0];
    const calculated = {
      ...(first.price as unknown as PriceResult),
      dfm: [{ severity: "error" as const, code: "PART_TOO_LARGE", message: "The part does not fit any FFF printer." }],
    };
    const manual = manualPrice(
      applyBlockers(calculated),
      { unit_price: 4_250, lead_time_days: 12, customer_note: "We print it in two halves." },
      { label: "VAT", rate: 0.19, inclusive: false },
      new Date(),
    );
    const input = { ...quoteInput, quote: { ...quoteInput.quote, items: [{ ...first, price: manual }, ...quoteInput.quote.items.slice(1)] } };
    const file = join(mkdtempSync(join(tmpdir(), "manual-pdf-")), "quote.pdf");
    writeFileSync(file, await renderQuotePdf(input));
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Price set by the shop: We print it in two halves.");
    expect(text).toContain("Lead time: Set by the shop, 12 working days");
    expect(text).toContain("Checked by the shop: The part does not fit any FFF printer.");
    expect(text).not.toContain("Must fix");
  });
});
