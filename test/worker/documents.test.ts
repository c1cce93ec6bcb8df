import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { openDb } from "../../worker/db/client.ts";
import { listDocuments } from "../../worker/db/documents.ts";
import { SYSTEM } from "../../worker/db/viewer.ts";
import { door } from "./fixtures.ts";
import { Client, createTenant, data, expectError, PASSWORD, registerCustomer, tenantDb, type TestTenant } from "./helpers.ts";
import { pdfText } from "./pdf-text.ts";
import { completeProduction, shipmentOf, userWithRole, type Mo } from "./shop-fixture.ts";
import { createSource, postEvent, waitForEvent } from "./webhook-helpers.ts";

/** The document centre (issue 14, decision 57): one list of every document a caller may see, each downloaded through a signed link. */

type Doc = {
  id: string;
  type: string;
  title: string;
  revision: string | null;
  superseded: boolean;
  created_at: string;
  quote_id: string | null;
  order_id: string | null;
  project_id: string | null;
  download_url: string;
};
type Page = { data: Doc[]; pagination: { next_cursor: string | null; has_next: boolean } };

const tokenOf = (pagePath: string) => decodeURIComponent(pagePath.split("#token=")[1]);

/** Invites a member of the admin's company and signs them in. */
async function join(t: TestTenant, admin: Client, role: string) {
  const invited = await data<{ member: { id: string }; invitation: { page_path: string } }>(
    admin.post("/api/v1/company/members", { email: `${role}-${crypto.randomUUID()}@example.test`, role }),
    201,
  );
  const member = new Client(t.host);
  await data(member.post("/api/v1/auth/set-password", { token: tokenOf(invited.invitation.page_path), password: PASSWORD }));
  return { client: member, id: invited.member.id };
}

const all = async (c: { get: Client["get"] }, query = "") => {
  const docs: Doc[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await (await c.get(`/api/v1/documents?limit=3${query}${cursor ? `&cursor=${cursor}` : ""}`)).json();
    expect(page.data.length).toBeLessThanOrEqual(3);
    docs.push(...page.data);
    cursor = page.pagination.next_cursor;
  } while (cursor);
  return docs;
};

describe("documents", () => {
  let t: TestTenant;
  let admin: Awaited<ReturnType<typeof registerCustomer>>;
  let user: Awaited<ReturnType<typeof join>>;
  let viewer: Awaited<ReturnType<typeof join>>;
  let stranger: Awaited<ReturnType<typeof registerCustomer>>;
  let ids: {
    project: string;
    hidden: string;
    quote: string;
    quoteNumber: string;
    order: string;
    orderNumber: string;
    drawing: string;
    shipment: string;
    hiddenQuote: string;
    specification: string;
  };

  const packageReady = (quoteId: string) =>
    vi.waitFor(async () => expect((await data<{ status: string }>(admin.client.get(`/api/v1/quotes/${quoteId}/technical-package`))).status).toBe("ready"), {
      timeout: 20_000,
      interval: 200,
    });

  beforeAll(async () => {
    t = await createTenant();
    admin = await registerCustomer(t.host, "Ada Admin");
    user = await join(t, admin.client, "customer_user");
    viewer = await join(t, admin.client, "customer_viewer");
    stranger = await registerCustomer(t.host, "Stranger");
    const project = await data<{ id: string }>(admin.client.post("/api/v1/projects", { name: "Riverside", member_ids: [user.id, viewer.id] }), 201);
    const hidden = await data<{ id: string }>(admin.client.post("/api/v1/projects", { name: "Harbour" }), 201);
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const configuration = await data<{ id: string }>(admin.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const quote = await data<{ id: string; number: string }>(
      admin.client.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 1 }], project_id: project.id }),
      201,
    );
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    // A partner's specification of the quote (decision 70: its datasheets reach the company as a PDF).
    const source = await createSource(t, { name: "mcp-sales" });
    const requested = await data<{ event_id: string }>(
      postEvent(t, source.name, source.secret, { type: "specification.requested", data: { request_id: "SR-DOCS", quote_id: quote.id } }),
      202,
    );
    await waitForEvent(t, requested.event_id, "processed");
    const [specification] = await (await tenantDb(t.id))
      .prepare("select id from specifications where tenant_id = ?")
      .bind(t.id)
      .all<{ id: string }>()
      .then((r) => r.results);
    // Drawings of the quote, then a revision: A is superseded by B.
    const request = await data<{ tracking_url: string }>(
      admin.client.post("/api/v1/drawings/requests", { quote_id: quote.id, drawing_types: ["plan"], formats: ["pdf"] }),
      201,
    );
    await vi.waitFor(async () => expect((await data<{ status: string }>(admin.client.get(request.tracking_url))).status).toBe("completed"), {
      timeout: 15_000,
      interval: 100,
    });
    const [drawing] = await data<{ id: string }[]>(admin.client.get(`/api/v1/drawings?quote_id=${quote.id}`));
    await data(t.owner.post(`/api/v1/drawings/${drawing.id}/revisions`, { reason: "Sill height corrected" }), 201);
    await packageReady(quote.id);
    await data(admin.client.post(`/api/v1/quotes/${quote.id}/accept`));
    const order = await data<{ id: string; number: string }>(admin.client.post(`/api/v1/quotes/${quote.id}/purchase-order`, { po_number: "PO-DOCS" }), 201);
    let mo: Mo | undefined;
    await vi.waitFor(
      async () => {
        [mo] = await data<Mo[]>(t.owner.get(`/api/v1/manufacturing-orders?order_id=${order.id}`));
        expect(mo).toBeDefined();
      },
      { timeout: 15_000, interval: 100 },
    );
    await completeProduction(t, mo!.id);
    const shipment = await data<{ id: string }>(t.owner.post(`/api/v1/orders/${order.id}/shipments`, shipmentOf(mo!.id, 1)), 201);
    // A quote of the project the user and viewer are not assigned to.
    const hiddenQuote = await data<{ id: string }>(
      admin.client.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 3 }], project_id: hidden.id }),
      201,
    );
    await data(t.owner.post(`/api/v1/quotes/${hiddenQuote.id}/send`));
    // Sending builds its package in the background: let it finish, so that no test here runs beside it. Two
    // coordinators working at once trip the test harness (vitest's module runner is shared by every Durable
    // Object of the one workerd isolate: "Cannot perform I/O on behalf of a different Durable Object"),
    // which deployed Workers do not have; docs/decisions/0067-harness-concurrent-objects.md.
    await packageReady(hiddenQuote.id);
    ids = {
      project: project.id,
      hidden: hidden.id,
      quote: quote.id,
      quoteNumber: quote.number,
      order: order.id,
      orderNumber: order.number,
      drawing: drawing.id,
      shipment: shipment.id,
      hiddenQuote: hiddenQuote.id,
      specification: specification.id,
    };
  }, 120_000);

  it("lists every type of document for the company's admin, newest first, paged, with superseded drawing revisions marked", async () => {
    const docs = await all(admin.client);
    const of = (id: string) => docs.find((d) => d.id === id);
    expect(docs.map((d) => d.type).toSorted()).toEqual(
      [
        "delivery_note",
        "drawing",
        "drawing",
        "invoice",
        "order_confirmation",
        "packing_list",
        "qc_report",
        "quote",
        "quote",
        "specification",
        "technical_package",
        "technical_package",
      ].toSorted(),
    );
    expect(of(`drawing.${ids.drawing}.A`)).toMatchObject({
      superseded: true,
      revision: "A",
      quote_id: ids.quote,
      order_id: ids.order,
      project_id: ids.project,
    });
    expect(of(`drawing.${ids.drawing}.B`)).toMatchObject({ superseded: false, revision: "B" });
    expect(of(`quote.${ids.quote}`)).toMatchObject({ type: "quote", revision: "1", order_id: ids.order, project_id: ids.project });
    expect(of(`order_confirmation.${ids.order}`)?.title).toMatch(/^Order confirmation ORD-\d{4}-\d{4}$/);
    expect(of(`packing_list.${ids.shipment}`)).toMatchObject({ order_id: ids.order, quote_id: ids.quote });
    expect(of(`technical_package.${ids.quote}`)?.title).toMatch(/^Technical package of quote Q-/);
    expect(of(`specification.${ids.specification}`)).toMatchObject({
      title: `Specification of quote ${ids.quoteNumber}`,
      quote_id: ids.quote,
      order_id: ids.order,
      project_id: ids.project,
    });
    expect(of(`qc_report.${ids.order}`)).toMatchObject({ title: `QC report ${ids.orderNumber}`, order_id: ids.order, project_id: ids.project });
    // The shipment issued the order's invoice.
    const invoice = docs.find((d) => d.type === "invoice")!;
    expect(invoice).toMatchObject({ order_id: ids.order, quote_id: ids.quote, project_id: ids.project, revision: null, superseded: false });
    expect(invoice.title).toMatch(/^Invoice INV-\d{4}-0001$/);
    const times = docs.map((d) => d.created_at);
    expect(times).toEqual(times.toSorted().reverse());
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
    // The shop's staff see the same documents.
    expect((await all(t.owner)).map((d) => d.id).toSorted()).toEqual(docs.map((d) => d.id).toSorted());
  });

  it("downloads each document through its signed link: a PDF (the drawing revision as issued)", async () => {
    for (const d of await all(admin.client)) {
      const res = await admin.client.get(d.download_url);
      expect(res.status, `${d.id}: ${res.status}`).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[\w-]+\.pdf"$/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
      if (["quote", "order_confirmation", "packing_list", "invoice", "qc_report", "specification"].includes(d.type))
        expect(await pdfText(bytes), d.id).toContain(d.title.split(" ").at(-1));
    }
  });

  it("the invoice, QC report and specification state what they are made from; the invoice is the same file every time", async () => {
    const docs = await all(admin.client);
    const text = async (type: string) => {
      const d = docs.find((x) => x.type === type)!;
      return { d, bytes: new Uint8Array(await (await admin.client.get(d.download_url)).arrayBuffer()) };
    };
    const invoice = await text("invoice");
    const invoiceText = await pdfText(invoice.bytes);
    for (const expected of [invoice.d.title, ids.orderNumber, ids.quoteNumber, "PO-DOCS", "Payment is due within 30 days"])
      expect(invoiceText).toContain(expected);
    // Kept in R2 when issued: a second download is the same bytes.
    expect((await text("invoice")).bytes).toEqual(invoice.bytes);
    const qc = await pdfText((await text("qc_report")).bytes);
    for (const expected of [`QC report ${ids.orderNumber}`, "As drawn", "Inspected by Ann", "0 photos", "Pass"]) expect(qc).toContain(expected);
    const spec = await pdfText((await text("specification")).bytes);
    expect(spec).toContain(`Specification of quote ${ids.quoteNumber}`);
    expect(spec).toContain("Dimensions");
    // The shop's production records in the specification stay the shop's.
    expect(spec).not.toMatch(/Bill of materials|Cutting list|QC checklist/i);
    // The company's user may see them, but must ask for links of their own.
    for (const type of ["invoice", "qc_report", "specification"]) {
      const d = docs.find((x) => x.type === type)!;
      await expectError(user.client.get(d.download_url), 403, "FORBIDDEN");
      const own = (await all(user.client, `&type=${type}`)).find((x) => x.id === d.id)!;
      expect((await user.client.get(own.download_url)).status).toBe(200);
    }
  });

  it("the order filter lists one order's documents; another company's order is 404", async () => {
    const ofOrder = await all(admin.client, `&order_id=${ids.order}`);
    expect(ofOrder.every((d) => d.order_id === ids.order)).toBe(true);
    // Everything of the order's quote but the hidden project's, which belongs to no order.
    expect(ofOrder.map((d) => d.id).toSorted()).toEqual(
      (await all(admin.client))
        .filter((d) => d.order_id === ids.order)
        .map((d) => d.id)
        .toSorted(),
    );
    expect(ofOrder.map((d) => d.type)).toEqual(expect.arrayContaining(["invoice", "qc_report", "specification", "packing_list", "order_confirmation"]));
    expect(await all(t.owner, `&order_id=${ids.order}&type=invoice`)).toHaveLength(1);
    await expectError(stranger.client.get(`/api/v1/documents?order_id=${ids.order}`), 404, "NOT_FOUND");
    await expectError(admin.client.get(`/api/v1/documents?order_id=${crypto.randomUUID()}`), 404, "NOT_FOUND");
  });

  it("a company's user and viewer see only documents of assigned projects; the project filter narrows to one project", async () => {
    const adminIds = (await all(admin.client)).map((d) => d.id);
    // The hidden project's quote and its technical package.
    const hiddenIds = [`quote.${ids.hiddenQuote}`, `technical_package.${ids.hiddenQuote}`];
    for (const id of hiddenIds) expect(adminIds).toContain(id);
    for (const member of [user, viewer]) {
      const seen = await all(member.client);
      for (const id of hiddenIds) expect(seen.map((d) => d.id)).not.toContain(id);
      expect(seen.map((d) => d.id).toSorted()).toEqual(adminIds.filter((id) => !hiddenIds.includes(id)).toSorted());
      for (const id of hiddenIds) {
        const hidden = (await all(admin.client)).find((d) => d.id === id)!;
        // The admin's link, and the member's own try at the id, are both refused: the member cannot see the document.
        await expectError(member.client.get(hidden.download_url), 404, "NOT_FOUND");
      }
      await expectError(member.client.get(`/api/v1/documents?project_id=${ids.hidden}`), 404, "NOT_FOUND");
      const inProject = await all(member.client, `&project_id=${ids.project}`);
      expect(inProject.every((d) => d.project_id === ids.project)).toBe(true);
      expect(inProject).toHaveLength(seen.length);
    }
    // The viewer downloads, too.
    const pdf = (await all(viewer.client, "&type=quote"))[0];
    expect((await viewer.client.get(pdf.download_url)).status).toBe(200);
    expect((await all(admin.client, `&project_id=${ids.hidden}`)).map((d) => d.id).toSorted()).toEqual(hiddenIds.toSorted());
  });

  it("previews each revision of a drawing, to compare them; a revision never issued is 404 naming it", async () => {
    const png = async (rev: string) => {
      const res = await admin.client.get(`/api/v1/drawings/${ids.drawing}/preview?revision=${rev}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      return { etag: res.headers.get("etag"), bytes: new Uint8Array(await res.arrayBuffer()) };
    };
    const [a, b] = [await png("A"), await png("B")];
    // Revision B's sheet carries B in its revision table: a different picture.
    expect(a.etag).not.toBe(b.etag);
    expect((await admin.client.get(`/api/v1/drawings/${ids.drawing}/preview`)).headers.get("etag")).toBe(b.etag);
    await expectError(admin.client.get(`/api/v1/drawings/${ids.drawing}/preview?revision=Z`), 404, "NOT_FOUND", "revision");
    await expectError(stranger.client.get(`/api/v1/drawings/${ids.drawing}/preview?revision=A`), 404, "NOT_FOUND");
  });

  it("filters by type", async () => {
    const drawings = await all(admin.client, "&type=drawing");
    expect(drawings.map((d) => [d.revision, d.superseded])).toEqual([
      ["B", false],
      ["A", true],
    ]);
    await expectError(admin.client.get("/api/v1/documents?type=receipt"), 400, "VALIDATION_ERROR", "type");
    await expectError(admin.client.get("/api/v1/documents?cursor=nope"), 400, "VALIDATION_ERROR", "cursor");
  });

  it("another company sees none of them, and every download of theirs is 404 — exactly as an unknown document", async () => {
    expect(await all(stranger.client)).toEqual([]);
    await expectError(stranger.client.get(`/api/v1/documents?project_id=${ids.project}`), 404, "NOT_FOUND");
    for (const d of await all(admin.client)) {
      const theirs = await expectError(stranger.client.get(d.download_url), 404, "NOT_FOUND");
      const none = await expectError(stranger.client.get(`/api/v1/documents/quote.${crypto.randomUUID()}/file`), 404, "NOT_FOUND");
      expect(theirs.error.message).toBe(none.error.message);
    }
    await expectError(stranger.client.get("/api/v1/documents/not-a-document/file"), 404, "NOT_FOUND");
  });

  it("another shop's staff see none of them", async () => {
    const other = await createTenant();
    expect(await all(other.owner)).toEqual([]);
    const [d] = await all(admin.client);
    // Their host, our path: the id names nothing of theirs.
    await expectError(other.owner.get(d.download_url), 404, "NOT_FOUND");
  });

  it("a link works only for whom it was signed, unaltered, and not after it expires", async () => {
    const d = (await all(admin.client, "&type=quote")).find((q) => q.quote_id === ids.quote)!;
    // Another of the company's people who may see the document must ask for their own link.
    const theirs = await expectError(user.client.get(d.download_url), 403, "FORBIDDEN");
    expect(theirs.error.message).toMatch(/not valid for you/);
    const url = new URL(d.download_url, "http://x");
    url.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 1));
    await expectError(admin.client.get(url.pathname + url.search), 403, "FORBIDDEN");
    await expectError(admin.client.get(url.pathname), 400, "INVALID_REQUEST", "expires");
    vi.useFakeTimers({ now: Date.now() + 6 * 60_000, toFake: ["Date"] });
    try {
      const expired = await expectError(admin.client.get(d.download_url), 403, "FORBIDDEN");
      expect(expired.error.message).toMatch(/expired/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("signed out: 401; a staff member of the shop in another role reads them", async () => {
    await expectError(new Client(t.host).get("/api/v1/documents"), 401, "UNAUTHORIZED");
    const staff = await userWithRole(t, "staff");
    expect((await all(staff)).length).toBeGreaterThan(0);
  });

  it("a drawing replaced by a newer drawing of the same view is marked superseded, every revision of it", async () => {
    const request = await data<{ tracking_url: string }>(
      admin.client.post("/api/v1/drawings/requests", { quote_id: ids.quote, drawing_types: ["plan"], formats: ["pdf"] }),
      201,
    );
    await vi.waitFor(async () => expect((await data<{ status: string }>(admin.client.get(request.tracking_url))).status).toBe("completed"), {
      timeout: 15_000,
      interval: 100,
    });
    const drawings = await all(admin.client, "&type=drawing");
    expect(drawings.map((d) => [d.id.startsWith(`drawing.${ids.drawing}.`), d.revision, d.superseded])).toEqual([
      [false, "A", false],
      [true, "B", true],
      [true, "A", true],
    ]);
  });

  it("reads a page in a fixed number of queries: one per type, whatever the page size", async () => {
    let statements = 0;
    const counting = {
      withSession: (bookmark: string) =>
        new Proxy(env.DB.withSession(bookmark), {
          get(target, key) {
            const value = Reflect.get(target, key);
            if (key === "prepare")
              return (query: string) => {
                statements++;
                return target.prepare(query);
              };
            return typeof value === "function" ? value.bind(target) : value;
          },
        }),
    } as unknown as D1Database;
    const scope = { db: openDb(counting), tenantId: t.id };
    const queriesFor = async (filters: Parameters<typeof listDocuments>[2], limit: number) => {
      statements = 0;
      const page = await listDocuments(scope, SYSTEM, filters, { limit });
      return { statements, rows: page.data.length };
    };
    expect(await queriesFor({}, 2)).toEqual({ statements: 9, rows: 2 });
    expect(await queriesFor({}, 100)).toEqual({ statements: 9, rows: 13 });
    expect(await queriesFor({ type: "drawing" }, 100)).toEqual({ statements: 1, rows: 3 });
  });
});
