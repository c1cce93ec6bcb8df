import { beforeAll, describe, expect, it, vi } from "vitest";
import { door } from "./fixtures.ts";
import { Client, createTenant, data, expectError, PASSWORD, registerCustomer, type TestTenant } from "./helpers.ts";
import { completeProduction, shipmentOf, type Mo } from "./shop-fixture.ts";

/**
 * Project assignment on every portal-visible route (issue 14, decisions 49 and 66): a company's user or viewer
 * finds nothing of a project not assigned to them — its quotes, orders, shipments, messages, documents and, through
 * their quote, its drawings and drawing requests — exactly as another company's: 404. The company's admin reads
 * each of them (so every refusal below is the assignment's, not a broken path).
 */

type Drawing = { id: string; drawing_number: string; quote_id: string | null };

async function join(t: TestTenant, admin: Client, role: string) {
  const invited = await data<{ member: { id: string }; invitation: { page_path: string } }>(
    admin.post("/api/v1/company/members", { email: `${role}-${crypto.randomUUID()}@example.test`, role }),
    201,
  );
  const member = new Client(t.host);
  await data(member.post("/api/v1/auth/set-password", { token: decodeURIComponent(invited.invitation.page_path.split("#token=")[1]), password: PASSWORD }));
  return { client: member, id: invited.member.id };
}

describe("project assignment on the portal's routes", () => {
  let t: TestTenant;
  let admin: Awaited<ReturnType<typeof registerCustomer>>;
  let user: Awaited<ReturnType<typeof join>>;
  let viewer: Awaited<ReturnType<typeof join>>;
  let stranger: Awaited<ReturnType<typeof registerCustomer>>;
  let ids: { assigned: string; hidden: string; seenQuote: string; hiddenQuote: string; order: string; shipment: string; request: string };
  let seenDrawing: Drawing;
  let hiddenDrawing: Drawing;

  /** A quote in `projectId` with a plan drawing requested for it, sent by the shop. */
  async function quoteWithDrawing(configurationId: string, projectId: string) {
    const quote = await data<{ id: string }>(
      admin.client.post("/api/v1/quotes", { items: [{ configuration_id: configurationId, quantity: 1 }], project_id: projectId }),
      201,
    );
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    const request = await data<{ id: string; tracking_url: string }>(
      admin.client.post("/api/v1/drawings/requests", { quote_id: quote.id, drawing_types: ["plan"], formats: ["pdf"] }),
      201,
    );
    await vi.waitFor(async () => expect((await data<{ status: string }>(admin.client.get(request.tracking_url))).status).toBe("completed"), {
      timeout: 20_000,
      interval: 100,
    });
    const [drawing] = await data<Drawing[]>(admin.client.get(`/api/v1/drawings?quote_id=${quote.id}`));
    return { quoteId: quote.id, requestId: request.id, drawing };
  }

  beforeAll(async () => {
    t = await createTenant();
    admin = await registerCustomer(t.host, "Ada Admin");
    user = await join(t, admin.client, "customer_user");
    viewer = await join(t, admin.client, "customer_viewer");
    stranger = await registerCustomer(t.host, "Other Company");
    const assigned = await data<{ id: string }>(admin.client.post("/api/v1/projects", { name: "Riverside", member_ids: [user.id, viewer.id] }), 201);
    const hidden = await data<{ id: string }>(admin.client.post("/api/v1/projects", { name: "Harbour" }), 201);
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const configuration = await data<{ id: string }>(admin.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const seen = await quoteWithDrawing(configuration.id, assigned.id);
    const concealed = await quoteWithDrawing(configuration.id, hidden.id);
    seenDrawing = seen.drawing;
    hiddenDrawing = concealed.drawing;
    await data(admin.client.post(`/api/v1/quotes/${concealed.quoteId}/messages`, { body: "Harbour: glass arrives Tuesday" }), 201);
    await data(admin.client.post(`/api/v1/projects/${hidden.id}/messages`, { body: "Harbour kick-off" }), 201);
    await data(admin.client.post(`/api/v1/quotes/${concealed.quoteId}/accept`));
    const order = await data<{ id: string }>(admin.client.post(`/api/v1/quotes/${concealed.quoteId}/purchase-order`, { po_number: "PO-HARBOUR" }), 201);
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
    ids = {
      assigned: assigned.id,
      hidden: hidden.id,
      seenQuote: seen.quoteId,
      hiddenQuote: concealed.quoteId,
      order: order.id,
      shipment: shipment.id,
      request: concealed.requestId,
    };
  }, 180_000);

  /** Reads each path as the admin (must answer `ok`) and as the user, the viewer and another company (each 404). */
  async function hiddenFromMembers(paths: string[], ok = 200) {
    for (const path of paths) {
      expect((await admin.client.get(path, { redirect: "manual" })).status, `admin ${path}`).toBe(ok);
      for (const [who, caller] of [
        ["user", user.client],
        ["viewer", viewer.client],
        ["another company", stranger.client],
      ] as const) {
        const res = await caller.get(path);
        expect(res.status, `${who} ${path}`).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
      }
    }
  }

  it("a drawing of an unassigned project's quote: every drawing route is 404, as another company's", async () => {
    const d = hiddenDrawing;
    await hiddenFromMembers([
      `/api/v1/drawings/${d.id}`,
      `/api/v1/drawings/by-number/${d.drawing_number}`,
      `/api/v1/drawings/${d.id}/preview`,
      `/api/v1/drawings/${d.id}/preview?revision=A`,
      `/api/v1/drawings/${d.id}/revisions`,
      `/api/v1/drawings/${d.id}/approvals`,
      `/api/v1/drawings/requests/${ids.request}`,
    ]);
    await hiddenFromMembers([`/api/v1/drawings/${d.id}/download?format=pdf`], 302);
  });

  it("the admin's signed file link is 404 to the members before its signature is even read", async () => {
    const link = (await admin.client.get(`/api/v1/drawings/${hiddenDrawing.id}/download?format=pdf`, { redirect: "manual" })).headers.get("location")!;
    expect((await admin.client.get(link)).status).toBe(200);
    for (const m of [user, viewer]) await expectError(m.client.get(link), 404, "NOT_FOUND");
  });

  it("lists leave the unassigned project's drawings and requests out; an assigned project's drawing reads as before", async () => {
    for (const m of [user, viewer]) {
      const listed = await data<Drawing[]>(m.client.get("/api/v1/drawings?limit=100"));
      expect(listed.map((d) => d.id)).toEqual([seenDrawing.id]);
      expect(await data<Drawing[]>(m.client.get(`/api/v1/drawings?quote_id=${ids.hiddenQuote}`))).toEqual([]);
      const requests = await data<{ id: string; quote_id: string }[]>(m.client.get("/api/v1/drawings/requests?limit=100"));
      expect(requests.map((r) => r.quote_id)).toEqual([ids.seenQuote]);
      expect((await data<Drawing>(m.client.get(`/api/v1/drawings/${seenDrawing.id}`))).id).toBe(seenDrawing.id);
      expect((await m.client.get(`/api/v1/drawings/${seenDrawing.id}/download?format=pdf`, { redirect: "manual" })).status).toBe(302);
    }
    const adminListed = await data<Drawing[]>(admin.client.get("/api/v1/drawings?limit=100"));
    expect(adminListed.map((d) => d.id).toSorted()).toEqual([seenDrawing.id, hiddenDrawing.id].toSorted());
  });

  it("a member approving is 403 by role; the admin approves the hidden project's drawing", async () => {
    for (const m of [user, viewer]) {
      await expectError(m.client.post(`/api/v1/drawings/${hiddenDrawing.id}/approvals`, { decision: "approved" }), 403, "FORBIDDEN");
    }
    await expectError(stranger.client.post(`/api/v1/drawings/${hiddenDrawing.id}/approvals`, { decision: "approved" }), 404, "NOT_FOUND");
    await data(admin.client.post(`/api/v1/drawings/${hiddenDrawing.id}/approvals`, { decision: "approved" }), 201);
  });

  it("the rest of the portal — quote, order, shipment, messages, technical package, documents, project — is 404 the same way", async () => {
    await hiddenFromMembers([
      `/api/v1/projects/${ids.hidden}`,
      `/api/v1/projects/${ids.hidden}/messages`,
      `/api/v1/quotes/${ids.hiddenQuote}`,
      `/api/v1/quotes/${ids.hiddenQuote}/pdf`,
      `/api/v1/quotes/${ids.hiddenQuote}/messages`,
      `/api/v1/quotes/${ids.hiddenQuote}/technical-package`,
      `/api/v1/orders/${ids.order}`,
      `/api/v1/orders/${ids.order}/timeline`,
      `/api/v1/orders/${ids.order}/confirmation`,
      `/api/v1/orders/${ids.order}/shipments`,
      `/api/v1/shipments/${ids.shipment}`,
      `/api/v1/shipments/${ids.shipment}/documents/packing-list`,
      `/api/v1/drawings?order_id=${ids.order}`,
      `/api/v1/documents?project_id=${ids.hidden}`,
    ]);
    for (const m of [user, viewer]) {
      const documents = await data<{ id: string; quote_id: string | null }[]>(m.client.get("/api/v1/documents?limit=100"));
      expect(documents.length).toBeGreaterThan(0);
      expect(documents.filter((d) => d.quote_id === ids.hiddenQuote)).toEqual([]);
      expect((await data<{ id: string }[]>(m.client.get("/api/v1/orders?limit=100"))).map((o) => o.id)).not.toContain(ids.order);
      const threads = await data<{ subject: { id: string } }[]>(m.client.get("/api/v1/messages/threads?limit=100"));
      expect(threads.map((th) => th.subject.id)).toEqual([]);
    }
  });
});
