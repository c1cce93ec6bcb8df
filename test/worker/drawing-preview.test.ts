import { decode } from "fast-png";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { door } from "./fixtures.ts";
import { Client, createTenant, data, expectError, expectStatus, registerCustomer, type TestTenant } from "./helpers.ts";
import { userWithRole } from "./shop-fixture.ts";
import { rows } from "./webhook-helpers.ts";

type Drawing = { id: string; drawing_number: string; drawing_type: string; revision: string; configuration_id: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function configuration(c: Client, productId: string, name: string) {
  return (await data<{ id: string }>(c.post("/api/v1/configurations", { product_id: productId, name, config: door }), 201)).id;
}

/** Requests drawings and waits for them; returns the configuration's issued drawings. */
async function drawn(c: Client, configurationId: string, drawing_types: string[], formats: string[]) {
  const created = await data<{ tracking_url: string }>(
    c.post("/api/v1/drawings/requests", { configuration_id: configurationId, drawing_types, scale: "auto", sheet: "A3", formats }),
    201,
  );
  await vi.waitFor(async () => expect((await data<{ status: string }>(c.get(created.tracking_url))).status).toBe("completed"), {
    timeout: 20_000,
    interval: 100,
  });
  return data<Drawing[]>(c.get(`/api/v1/drawings?configuration_id=${configurationId}`));
}

async function png(res: Promise<Response>) {
  const r = await expectStatus(res, 200);
  expect(r.headers.get("content-type")).toBe("image/png");
  const bytes = new Uint8Array(await r.arrayBuffer());
  return { bytes, etag: r.headers.get("etag")!, image: decode(bytes) };
}

/** Share of pixels that are ink (dark) rather than paper. */
function ink(image: ReturnType<typeof decode>) {
  const channels = image.channels;
  let dark = 0;
  for (let i = 0; i < image.data.length; i += channels) if (image.data[i] < 128 && image.data[i + 1] < 128 && image.data[i + 2] < 128) dark++;
  return dark / (image.width * image.height);
}

describe("drawing preview (PNG) and the order filter", () => {
  let t: TestTenant;
  let productId: string;
  let ordered: Drawing;
  let other: Drawing;
  let orderId: string;

  beforeAll(async () => {
    t = await createTenant();
    productId = (await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door" }), 201)).id;
    const first = await configuration(t.owner, productId, "Dock 4");
    const second = await configuration(t.owner, productId, "Office");
    [ordered] = await drawn(t.owner, first, ["elevation"], ["svg", "pdf"]);
    [other] = await drawn(t.owner, second, ["plan"], ["pdf"]);
    const quote = await data<{ id: string }>(t.owner.post("/api/v1/quotes", { items: [{ configuration_id: first, quantity: 1 }] }), 201);
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/accept`));
    orderId = (await data<{ id: string }>(t.owner.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-7" }), 201)).id;
  }, 90_000);

  it("is a PNG of the A3 sheet, 1400 px wide, with the drawing on it", async () => {
    const { bytes, image } = await png(t.owner.get(`/api/v1/drawings/${ordered.id}/preview`));
    expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(image.width).toBe(1400);
    // A3 landscape, 420 × 297 mm.
    expect(Math.abs(image.height - (1400 * 297) / 420)).toBeLessThanOrEqual(1);
    // Frame, grid, views and title block: some ink, mostly paper.
    const share = ink(image);
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.5);
  });

  it("is drawn once per revision and kept in the document store; an unchanged picture is a 304", async () => {
    const first = await png(t.owner.get(`/api/v1/drawings/${ordered.id}/preview`));
    const again = await png(t.owner.get(`/api/v1/drawings/${ordered.id}/preview`));
    expect(again.bytes).toEqual(first.bytes);
    const stored = await rows<{ rev: string; r2_key: string }>(
      t,
      "select rev, r2_key from documents where tenant_id = ? and kind = 'drawing-preview' and number = ?",
      t.id,
      ordered.drawing_number,
    );
    expect(stored).toEqual([{ rev: "A", r2_key: `t/${t.id}/documents/drawing-preview/${ordered.drawing_number}/A.png` }]);
    expect((await t.owner.get(`/api/v1/drawings/${ordered.id}/preview`, { headers: { "if-none-match": first.etag } })).status).toBe(304);
    // The listing of downloads is not disturbed: no png among the drawing's formats.
    await expectError(t.owner.get(`/api/v1/drawings/${ordered.id}/download?format=png`), 400, "VALIDATION_ERROR");
  });

  it("shows the new revision once the drawing is revised", async () => {
    const before = await png(t.owner.get(`/api/v1/drawings/${ordered.id}/preview`));
    await data(t.owner.post(`/api/v1/drawings/${ordered.id}/revisions`, { reason: "Handle height" }), 201);
    const after = await png(t.owner.get(`/api/v1/drawings/${ordered.id}/preview`));
    expect(after.etag).not.toBe(before.etag);
    expect(after.bytes).not.toEqual(before.bytes);
    const revs = await rows<{ rev: string }>(
      t,
      "select rev from documents where tenant_id = ? and kind = 'drawing-preview' and number = ? order by rev",
      t.id,
      ordered.drawing_number,
    );
    expect(revs.map((r) => r.rev)).toEqual(["A", "B"]);
  });

  it("draws a drawing stored without an SVG from its configuration", async () => {
    const { image } = await png(t.owner.get(`/api/v1/drawings/${other.id}/preview`));
    expect(image.width).toBe(1400);
    expect(ink(image)).toBeGreaterThan(0.01);
  });

  it("is seen by whoever may see the drawing: staff yes; another customer, another tenant and a guest no", async () => {
    const staff = await userWithRole(t, "staff");
    await png(staff.get(`/api/v1/drawings/${ordered.id}/preview`));
    const customer = await registerCustomer(t.host, "Buyer");
    const own = await configuration(customer.client, productId, "Mine");
    const [theirs] = await drawn(customer.client, own, ["plan"], ["svg"]);
    await png(customer.client.get(`/api/v1/drawings/${theirs.id}/preview`));
    await expectError(customer.client.get(`/api/v1/drawings/${ordered.id}/preview`), 404, "NOT_FOUND");
    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(stranger.client.get(`/api/v1/drawings/${theirs.id}/preview`), 404, "NOT_FOUND");
    const elsewhere = await createTenant();
    await expectError(elsewhere.owner.get(`/api/v1/drawings/${ordered.id}/preview`), 404, "NOT_FOUND");
    await expectError(new Client(t.host).get(`/api/v1/drawings/${ordered.id}/preview`), 401, "UNAUTHORIZED");
  });

  it("order_id lists the drawings of the order's configurations only, and names an order the caller can see", async () => {
    const listed = await data<Drawing[]>(t.owner.get(`/api/v1/drawings?order_id=${orderId}`));
    expect(listed.map((d) => d.id)).toEqual([ordered.id]);
    expect(listed.map((d) => d.id)).not.toContain(other.id);
    // Combined with the other filters.
    expect(await data<Drawing[]>(t.owner.get(`/api/v1/drawings?order_id=${orderId}&drawing_type=plan`))).toEqual([]);
    await expectError(t.owner.get(`/api/v1/drawings?order_id=${crypto.randomUUID()}`), 404, "NOT_FOUND");
    const customer = await registerCustomer(t.host, "Nosy");
    await expectError(customer.client.get(`/api/v1/drawings?order_id=${orderId}`), 404, "NOT_FOUND");
    const elsewhere = await createTenant();
    await expectError(elsewhere.owner.get(`/api/v1/drawings?order_id=${orderId}`), 404, "NOT_FOUND");
  });
});
