import { describe, expect, it, vi } from "vitest";
import { Client, createTenant, data, expectError, PASSWORD, registerCustomer, uniqueSlug } from "./helpers.ts";
import { binaryStl, boxTriangles } from "./fixtures.ts";

type Quote = { id: string; customer_id: string | null; share_url?: string | null };
type Model = { id: string; status: string };

async function analyzedModel(c: Client): Promise<Model> {
  const res = await c.fetch("/api/v1/models?filename=part.stl", { method: "POST", body: binaryStl(boxTriangles([12, 12, 12])) });
  const model = (await res.json<{ data: Model }>()).data;
  await vi.waitFor(async () => expect((await data<Model>(c.get(`/api/v1/models/${model.id}`))).status).not.toBe("pending"), { timeout: 15_000, interval: 100 });
  return model;
}

/** A guest (its own browser) who saved a quote with an e-mail. */
async function guestQuote(host: string) {
  const guest = new Client(host);
  const model = await analyzedModel(guest);
  const quote = await data<Quote>(
    guest.post("/api/v1/quotes", { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 2 }], contact_email: "guest@example.test" }),
    201,
  );
  return { guest, quote, model };
}

const tokenOf = (shareUrl: string) => new URL(shareUrl).hash.replace(/^#share=/, "");
const open = (c: Client, id: string, token: string) => c.post(`/api/v1/quotes/${id}/share-link/open`, { token });

describe("guest share links", () => {
  it("are shown to the guest who saved the quote only, and open it in another browser", async () => {
    const t = await createTenant();
    const { guest, quote, model } = await guestQuote(t.host);
    const shareUrl = (await data<Quote>(guest.get(`/api/v1/quotes/${quote.id}`))).share_url!;
    expect(shareUrl).toMatch(new RegExp(`^http://${t.host}/quotes/${quote.id}/open#share=1\\.[\\w-]+$`));
    // Staff see the quote, not the guest's link.
    expect((await data<Quote>(t.owner.get(`/api/v1/quotes/${quote.id}`))).share_url).toBeNull();

    const phone = new Client(t.host);
    await expectError(phone.get(`/api/v1/quotes/${quote.id}`), 401, "UNAUTHORIZED");
    const opened = await data<{ quote_id: string; share_url: string }>(open(phone, quote.id, tokenOf(shareUrl)));
    expect(opened).toEqual({ quote_id: quote.id, share_url: shareUrl });
    const seen = await data<Quote>(phone.get(`/api/v1/quotes/${quote.id}`));
    expect(seen.id).toBe(quote.id);
    // The other browser acts as the guest: its parts too, and the first browser keeps them.
    await data(phone.get(`/api/v1/models/${model.id}`));
    await data(guest.get(`/api/v1/quotes/${quote.id}`));
  });

  it("answer 403 when tampered with, and 403 once revoked; revoking ends opened browsers and issues a new link", async () => {
    const t = await createTenant();
    const { guest, quote } = await guestQuote(t.host);
    const first = tokenOf((await data<Quote>(guest.get(`/api/v1/quotes/${quote.id}`))).share_url!);
    const [version, signature] = first.split(".");
    const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    for (const bad of [`${version}.${flipped}`, `2.${signature}`, "not-a-token", `${first}.x`]) {
      const refusal = await expectError(open(new Client(t.host), quote.id, bad), 403, "FORBIDDEN", "token");
      expect(refusal.error.message).toMatch(/no longer valid/);
    }
    // Another quote's link does not open this one.
    const other = await guestQuote(t.host);
    const otherToken = tokenOf((await data<Quote>(other.guest.get(`/api/v1/quotes/${other.quote.id}`))).share_url!);
    await expectError(open(new Client(t.host), quote.id, otherToken), 403, "FORBIDDEN");

    const phone = new Client(t.host);
    await data(open(phone, quote.id, first));
    const revoked = await data<{ share_url: string }>(guest.post(`/api/v1/quotes/${quote.id}/share-link/revoke`));
    expect(tokenOf(revoked.share_url)).toMatch(/^2\./);
    expect((await data<Quote>(guest.get(`/api/v1/quotes/${quote.id}`))).share_url).toBe(revoked.share_url);
    await expectError(open(new Client(t.host), quote.id, first), 403, "FORBIDDEN", "token");
    await expectError(phone.get(`/api/v1/quotes/${quote.id}`), 404, "NOT_FOUND");
    await data(open(new Client(t.host), quote.id, tokenOf(revoked.share_url)));
    // A browser that opened the link and revokes it keeps the quote; the others lose it.
    const [tablet, laptop] = [new Client(t.host), new Client(t.host)];
    for (const c of [tablet, laptop]) await data(open(c, quote.id, tokenOf(revoked.share_url)));
    await data(tablet.post(`/api/v1/quotes/${quote.id}/share-link/revoke`));
    await data(tablet.get(`/api/v1/quotes/${quote.id}`));
    await expectError(laptop.get(`/api/v1/quotes/${quote.id}`), 404, "NOT_FOUND");
  });

  it("staff with quote permission revoke it; customers and other shops get 404", async () => {
    const t = await createTenant();
    const { guest, quote } = await guestQuote(t.host);
    const first = tokenOf((await data<Quote>(guest.get(`/api/v1/quotes/${quote.id}`))).share_url!);
    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(stranger.client.post(`/api/v1/quotes/${quote.id}/share-link/revoke`), 404, "NOT_FOUND");
    const other = await createTenant();
    await expectError(other.owner.post(`/api/v1/quotes/${quote.id}/share-link/revoke`), 404, "NOT_FOUND");
    await expectError(open(new Client(other.host), quote.id, first), 404, "NOT_FOUND");
    const revoked = await data<{ share_url: string | null }>(t.owner.post(`/api/v1/quotes/${quote.id}/share-link/revoke`));
    expect(revoked.share_url).toBeNull();
    await expectError(open(new Client(t.host), quote.id, first), 403, "FORBIDDEN");
  });

  it("go with the guest into the account they sign in to, on the guest's browser or with the link", async () => {
    const t = await createTenant();
    const { guest, quote } = await guestQuote(t.host);
    const email = `${uniqueSlug("g")}@example.test`;
    expect((await guest.post("/api/v1/auth/register", { email, password: PASSWORD, name: "Gwen" })).status).toBe(202);
    await data(guest.post("/api/v1/auth/login", { email, password: PASSWORD }));
    const mine = await data<Quote>(guest.get(`/api/v1/quotes/${quote.id}`));
    expect(mine.customer_id).not.toBeNull();
    expect(mine.share_url).toBeNull();

    const later = await guestQuote(t.host);
    const token = tokenOf((await data<Quote>(later.guest.get(`/api/v1/quotes/${later.quote.id}`))).share_url!);
    const customer = await registerCustomer(t.host, "Later");
    await expectError(customer.client.get(`/api/v1/quotes/${later.quote.id}`), 404, "NOT_FOUND");
    await data(open(customer.client, later.quote.id, token));
    expect((await data<Quote>(customer.client.get(`/api/v1/quotes/${later.quote.id}`))).customer_id).toBe(customer.customerId);
    // Now the account's: the guest link no longer opens it.
    await expectError(open(new Client(t.host), later.quote.id, token), 403, "FORBIDDEN");
  });
});
