import { describe, expect, it, vi } from "vitest";
import { createTenant, data, registerCustomer, tenantDb, type Client } from "./helpers.ts";
import { binaryStl, boxTriangles } from "./fixtures.ts";
import { userWithRole } from "./shop-fixture.ts";

type Quote = { id: string; status: string; review_required: boolean };

const DAY = 86_400_000;
const STATUSES = ["draft", "pricing", "priced", "sent", "accepted", "rejected", "expired"] as const;

const ids = async (c: Client, query: string) => (await data<Quote[]>(c.get(`/api/v1/quotes?limit=100&${query}`))).map((q) => q.id).sort();

async function analyzedModel(c: Client) {
  const model = await data<{ id: string }>(c.fetch("/api/v1/models?filename=part.stl", { method: "POST", body: binaryStl(boxTriangles([40, 30, 20])) }), 202);
  await vi.waitFor(async () => expect((await data<{ status: string }>(c.get(`/api/v1/models/${model.id}`))).status).toBe("analyzed"), {
    timeout: 15_000,
    interval: 100,
  });
  return model.id;
}

describe("the quote status filter", () => {
  it("a sent quote past its validity, not yet written expired, is listed under status=expired and not under status=sent", async () => {
    const t = await createTenant();
    const customer = await registerCustomer(t.host, "Ada Buyer");
    const model = await analyzedModel(customer.client);
    const quote = await data<Quote>(
      customer.client.post("/api/v1/quotes", { items: [{ model_id: model, process: "fff", material: "pla", quantity: 2 }] }),
      201,
    );
    expect((await data<Quote>(t.owner.post(`/api/v1/quotes/${quote.id}/send`))).status).toBe("sent");
    expect(await ids(t.owner, "status=sent")).toEqual([quote.id]);

    await (await tenantDb(t.id))
      .prepare("update quotes set valid_until = ? where id = ?")
      .bind(Date.now() - 60_000, quote.id)
      .run();
    // Stored as sent, shown as expired: the filter follows what is shown, for the shop and for the buyer.
    const [{ status: stored }] = (await (await tenantDb(t.id)).prepare("select status from quotes where id = ?").bind(quote.id).all<{ status: string }>())
      .results;
    expect(stored).toBe("sent");
    expect((await data<Quote>(t.owner.get(`/api/v1/quotes/${quote.id}`))).status).toBe("expired");
    for (const c of [t.owner, customer.client]) {
      expect(await ids(c, "status=expired")).toEqual([quote.id]);
      expect(await ids(c, "status=sent")).toEqual([]);
    }
  }, 60_000);

  it("for every stored status and validity, each status filter lists exactly the quotes shown with that status", async () => {
    const t = await createTenant();
    const staff = await userWithRole(t, "staff");
    const db = await tenantDb(t.id);
    const now = Date.now();
    let n = 0;
    for (const status of STATUSES) {
      for (const valid_until of [null, now - DAY, now + DAY]) {
        for (const review of [0, 1]) {
          n += 1;
          await db
            .prepare(
              `insert into quotes (id, tenant_id, number, status, review_required, price_book_version, currency, valid_until, created_at, updated_at)
               values (?, ?, ?, ?, ?, 1, 'EUR', ?, ?, ?)`,
            )
            .bind(`q-${n}`, t.id, `Q-T-${n}`, status, review, valid_until, now - n, now)
            .run();
        }
      }
    }
    const shown = await data<Quote[]>(staff.get("/api/v1/quotes?limit=100"));
    expect(shown).toHaveLength(n);
    const shownAs = (s: string) =>
      shown
        .filter((q) => q.status === s)
        .map((q) => q.id)
        .sort();
    expect(shownAs("expired")).toHaveLength(3 * 2 + 2 * 2); // written expired, and priced or sent past validity
    for (const status of STATUSES) expect(await ids(staff, `status=${status}`), status).toEqual(shownAs(status));
    // The review queue is the quotes shown as priced and held for review.
    const held = shown
      .filter((q) => q.status === "priced" && q.review_required)
      .map((q) => q.id)
      .sort();
    expect(held).toHaveLength(2);
    expect(await ids(staff, "needs_review=true")).toEqual(held);
  }, 30_000);
});
