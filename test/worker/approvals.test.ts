import { beforeAll, describe, expect, it, vi } from "vitest";
import { door } from "./fixtures.ts";
import { Client, createTenant, data, expectError, PASSWORD, registerCustomer, type TestTenant } from "./helpers.ts";
import { checkoutOf, type Mo } from "./shop-fixture.ts";
import { rows } from "./webhook-helpers.ts";

/** Drawing approval and order approval (issue 14 "Approvals", decision 53). */

type Approval = {
  id: string;
  revision: string;
  decision: string;
  comments: string | null;
  sheet_comments: { sheet: string; comment: string }[];
  decided_by: { id: string | null; name: string | null; on_behalf: boolean };
  requested_revision: string | null;
};
type Drawing = { id: string; drawing_number: string; revision: string; status: string };
type Order = { id: string; number: string; status: string; approval: { status: string; placed_by: string | null; reason: string | null } | null };

/** Invites `email` as `role` and signs the new member in. */
async function join(t: TestTenant, admin: Client, role: string) {
  const invited = await data<{ member: { id: string }; invitation: { page_path: string } }>(
    admin.post("/api/v1/company/members", { email: `${role}-${crypto.randomUUID()}@example.test`, role }),
    201,
  );
  const member = new Client(t.host);
  await data(member.post("/api/v1/auth/set-password", { token: decodeURIComponent(invited.invitation.page_path.split("#token=")[1]), password: PASSWORD }));
  return { client: member, id: invited.member.id };
}

describe("approvals", () => {
  let t: TestTenant;
  let admin: Awaited<ReturnType<typeof registerCustomer>>;
  let stranger: Awaited<ReturnType<typeof registerCustomer>>;
  let user: Awaited<ReturnType<typeof join>>;
  let viewer: Awaited<ReturnType<typeof join>>;
  let configurationId: string;
  let drawing: Drawing;

  beforeAll(async () => {
    t = await createTenant();
    admin = await registerCustomer(t.host, "Ada Admin");
    stranger = await registerCustomer(t.host, "Other Company");
    user = await join(t, admin.client, "customer_user");
    viewer = await join(t, admin.client, "customer_viewer");
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    configurationId = (await data<{ id: string }>(admin.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201)).id;
    const request = await data<{ tracking_url: string }>(
      admin.client.post("/api/v1/drawings/requests", { configuration_id: configurationId, drawing_types: ["elevation"], formats: ["svg"] }),
      201,
    );
    await vi.waitFor(async () => expect((await data<{ status: string }>(admin.client.get(request.tracking_url))).status).toBe("completed"), {
      timeout: 20_000,
      interval: 100,
    });
    [drawing] = await data<Drawing[]>(admin.client.get(`/api/v1/drawings?configuration_id=${configurationId}`));
  }, 60_000);

  describe("drawing approval", () => {
    it("a viewer or a user may not approve (403); another company's admin finds no drawing (404)", async () => {
      for (const m of [viewer, user]) {
        await expectError(m.client.post(`/api/v1/drawings/${drawing.id}/approvals`, { decision: "approved" }), 403, "FORBIDDEN", "role");
      }
      await expectError(stranger.client.post(`/api/v1/drawings/${drawing.id}/approvals`, { decision: "approved" }), 404, "NOT_FOUND");
      await expectError(stranger.client.get(`/api/v1/drawings/${drawing.id}/approvals`), 404, "NOT_FOUND");
      expect(await rows(t, "select id from drawing_approvals where tenant_id = ?", t.id)).toEqual([]);
    });

    it("the company admin approves the current revision: who, when, which revision; the company's viewer reads it", async () => {
      const approval = await data<Approval>(
        admin.client.post(`/api/v1/drawings/${drawing.id}/approvals`, { decision: "approved", comments: "Looks right" }),
        201,
      );
      expect(approval).toMatchObject({
        revision: "A",
        decision: "approved",
        comments: "Looks right",
        sheet_comments: [],
        decided_by: { id: admin.userId, name: "Ada Admin", on_behalf: false },
        requested_revision: null,
      });
      const listed = await data<Approval[]>(viewer.client.get(`/api/v1/drawings/${drawing.id}/approvals`));
      expect(listed.map((a) => a.id)).toEqual([approval.id]);
    });

    it("a rejection needs comments (422) and changes nothing", async () => {
      await expectError(
        admin.client.post(`/api/v1/drawings/${drawing.id}/approvals`, { decision: "rejected", comments: "  " }),
        422,
        "UNPROCESSABLE_ENTITY",
        "comments",
      );
      expect((await data<Drawing>(admin.client.get(`/api/v1/drawings/${drawing.id}`))).revision).toBe("A");
    });

    it("a rejection asks the shop for the next revision with the comments, as a partner's revision request does", async () => {
      const rejection = await data<Approval>(
        admin.client.post(`/api/v1/drawings/${drawing.id}/approvals`, {
          decision: "rejected",
          comments: "Handle on the wrong side",
          sheet_comments: [{ sheet: "1", comment: "Move the handle left" }],
        }),
        201,
      );
      expect(rejection).toMatchObject({ revision: "A", decision: "rejected", requested_revision: "B" });
      const revisions = await data<{ revision: string; status: string; reason: string; changes: string[] }[]>(
        admin.client.get(`/api/v1/drawings/${drawing.id}/revisions`),
      );
      expect(revisions.map((r) => [r.revision, r.status])).toEqual([
        ["A", "superseded"],
        ["B", "current"],
      ]);
      expect(revisions[1]).toMatchObject({ reason: "Handle on the wrong side", changes: ["Sheet 1: Move the handle left"] });
      const [event] = await rows<{ payload: string }>(
        t,
        "select payload from outbound_events where tenant_id = ? and type = 'drawing.revision_completed'",
        t.id,
      );
      expect(JSON.parse(event.payload)).toMatchObject({ drawing_id: drawing.id, revision: "B", previous_revision: "A" });
    });

    it("approving or rejecting a superseded revision is 409 naming the current one", async () => {
      for (const decision of ["approved", "rejected"]) {
        const refused = await expectError(
          admin.client.post(`/api/v1/drawings/${drawing.id}/approvals`, { decision, revision: "A", comments: "late" }),
          409,
          "CONFLICT",
          "revision",
        );
        expect(refused.error.message).toBe(`Revision A of ${drawing.drawing_number} is superseded; the current revision is B`);
      }
      expect(await rows(t, "select id from drawing_approvals where tenant_id = ?", t.id)).toHaveLength(2);
    });

    it("the shop's owner may record the customer's decision on their behalf; the customer does not see which staff member", async () => {
      const recorded = await data<Approval>(
        t.owner.post(`/api/v1/drawings/${drawing.id}/approvals`, { decision: "rejected", revision: "B", comments: "Customer phoned: obscured glass" }),
        201,
      );
      expect(recorded).toMatchObject({ requested_revision: "C", decided_by: { on_behalf: true, name: expect.any(String) } });
      const seen = (await data<Approval[]>(admin.client.get(`/api/v1/drawings/${drawing.id}/approvals`))).at(-1)!;
      expect(seen).toMatchObject({ id: recorded.id, revision: "B", decided_by: { id: null, name: null, on_behalf: true } });
    });
  });

  describe("order approval and production waiting for drawing approval", () => {
    let quoteId: string;
    let order: Order;

    /** A quote for the configured door by the company's user, sent by the shop, checked out on a purchase order. */
    async function checkedOutByUser() {
      const quote = await data<{ id: string }>(user.client.post("/api/v1/quotes", { items: [{ configuration_id: configurationId, quantity: 1 }] }), 201);
      await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
      const checkout = await data<{ id: string }>(user.client.post("/api/v1/checkouts", checkoutOf(quote.id)), 201);
      return { quoteId: quote.id, order: await data<Order>(user.client.post(`/api/v1/checkouts/${checkout.id}/confirm`)) };
    }

    beforeAll(async () => {
      await data(t.owner.fetch("/api/v1/tenant/production", { method: "PATCH", json: { drawing_approval_required: true } }));
    });

    it("the company admin turns order approval on; a user may not (403)", async () => {
      await expectError(user.client.fetch("/api/v1/company", { method: "PATCH", json: { order_approval_required: true } }), 403, "FORBIDDEN");
      expect(await data(admin.client.fetch("/api/v1/company", { method: "PATCH", json: { order_approval_required: true } }))).toMatchObject({
        id: admin.customerId,
        order_approval_required: true,
      });
      expect(await data(admin.client.get("/api/v1/company"))).toMatchObject({ order_approval_required: true });
      expect(await data(t.owner.get(`/api/v1/tenant/production`))).toMatchObject({ drawing_approval_required: true });
    });

    it("another shop's company is 404 to the shop's staff, as an unknown one", async () => {
      const other = await createTenant();
      const foreign = await registerCustomer(other.host);
      const a = await expectError(t.owner.get(`/api/v1/company?customer_id=${foreign.customerId}`), 404, "NOT_FOUND");
      const b = await expectError(
        t.owner.fetch("/api/v1/company", { method: "PATCH", json: { customer_id: foreign.customerId, order_approval_required: true } }),
        404,
        "NOT_FOUND",
      );
      expect(a.error.message).toBe(b.error.message);
      expect(await data(other.owner.get(`/api/v1/company?customer_id=${foreign.customerId}`))).toMatchObject({ order_approval_required: false });
    });

    it("a user's checkout places the order for approval: no payment, no MOs, no order.created", async () => {
      ({ quoteId, order } = await checkedOutByUser());
      expect(order).toMatchObject({ status: "awaiting_approval", approval: { status: "pending", placed_by: user.id, reason: null } });
      expect(await rows(t, "select id from manufacturing_orders where tenant_id = ? and order_id = ?", t.id, order.id)).toEqual([]);
      expect(await rows(t, "select id from outbound_events where tenant_id = ? and type = 'order.created'", t.id)).toEqual([]);
      // The order routes without a checkout would skip the approval.
      await expectError(user.client.post(`/api/v1/quotes/${quoteId}/purchase-order`, { po_number: "PO-SKIP" }), 409, "CONFLICT", "order");
      expect((await data<Order>(admin.client.get(`/api/v1/orders/${order.id}`))).status).toBe("awaiting_approval");
    });

    it("only the company's admin decides: user and viewer 403, another company 404, a rejection needs a reason", async () => {
      for (const m of [user, viewer]) await expectError(m.client.post(`/api/v1/orders/${order.id}/approve`), 403, "FORBIDDEN");
      await expectError(stranger.client.post(`/api/v1/orders/${order.id}/approve`), 404, "NOT_FOUND");
      await expectError(stranger.client.post(`/api/v1/orders/${order.id}/reject`, { reason: "no" }), 404, "NOT_FOUND");
      await expectError(admin.client.post(`/api/v1/orders/${order.id}/reject`, { reason: "" }), 422, "UNPROCESSABLE_ENTITY", "reason");
    });

    it("approved, it is placed as a checkout would: the purchase order, order.created, its MOs", async () => {
      const placed = await data<Order & { checkout_url: string | null }>(admin.client.post(`/api/v1/orders/${order.id}/approve`));
      expect(placed).toMatchObject({ id: order.id, status: "purchase_order", checkout_url: null, approval: { status: "approved" } });
      const [created] = await rows<{ payload: string }>(t, "select payload from outbound_events where tenant_id = ? and type = 'order.created'", t.id);
      expect(JSON.parse(created.payload)).toMatchObject({ order_id: order.id, payment_method: "purchase_order", po_number: "PO-CHECKOUT" });
      await vi.waitFor(async () => expect(await data<Mo[]>(t.owner.get(`/api/v1/manufacturing-orders?order_id=${order.id}`))).toHaveLength(1), {
        timeout: 15_000,
        interval: 100,
      });
      const timeline = await data<{ event: string; summary: string }[]>(user.client.get(`/api/v1/orders/${order.id}/timeline`));
      expect(timeline.map((e) => e.event)).toEqual(expect.arrayContaining(["order.placed", "order.approved", "order.purchase_order"]));
      expect(timeline.find((e) => e.event === "order.approved")?.summary).toBe("Approved for the company");
    });

    it("approving or rejecting it again is 409 naming its state", async () => {
      const again = await expectError(admin.client.post(`/api/v1/orders/${order.id}/approve`), 409, "CONFLICT", "status");
      expect(again.error.message).toBe(`Order ${order.number} is purchase order; only an order awaiting approval can be approved`);
      await expectError(admin.client.post(`/api/v1/orders/${order.id}/reject`, { reason: "changed my mind" }), 409, "CONFLICT", "status");
    });

    it("production waits for the drawing approval: starting the MO is 409 naming the drawing, allowed once approved", async () => {
      const [mo] = await data<Mo[]>(t.owner.get(`/api/v1/manufacturing-orders?order_id=${order.id}`));
      const first = mo.operations[0].code;
      const refused = await expectError(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/${first}/start`), 409, "CONFLICT", "drawings");
      expect(refused.error.message).toBe(
        `Manufacturing order ${mo.number} is waiting for drawing approval: the customer has not approved ${drawing.drawing_number} rev C`,
      );
      const waiting = { id: drawing.id, drawing_number: drawing.drawing_number, revision: "C" };
      expect(await data<Mo & { waiting_for_drawing_approval: unknown }>(t.owner.get(`/api/v1/manufacturing-orders/${mo.id}`))).toMatchObject({
        status: "scheduled",
        waiting_for_drawing_approval: [waiting],
      });
      const [listed] = await data<(Mo & { waiting_for_drawing_approval: unknown })[]>(t.owner.get(`/api/v1/manufacturing-orders?order_id=${order.id}`));
      expect(listed.waiting_for_drawing_approval).toEqual([waiting]);
      await data(admin.client.post(`/api/v1/drawings/${drawing.id}/approvals`, { decision: "approved", revision: "C" }), 201);
      const [released] = await data<(Mo & { waiting_for_drawing_approval: unknown })[]>(t.owner.get(`/api/v1/manufacturing-orders?order_id=${order.id}`));
      expect(released.waiting_for_drawing_approval).toEqual([]);
      expect((await data<Mo>(t.owner.post(`/api/v1/manufacturing-orders/${mo.id}/operations/${first}/start`))).status).toBe("in_production");
    });

    it("rejected, the order is cancelled with the reason; approving it then is 409", async () => {
      const second = (await checkedOutByUser()).order;
      expect(second.status).toBe("awaiting_approval");
      const rejected = await data<Order>(admin.client.post(`/api/v1/orders/${second.id}/reject`, { reason: "Over budget this month" }));
      expect(rejected).toMatchObject({ status: "cancelled", approval: { status: "rejected", reason: "Over budget this month", placed_by: user.id } });
      await expectError(admin.client.post(`/api/v1/orders/${second.id}/approve`), 409, "CONFLICT", "status");
      const timeline = await data<{ event: string; summary: string }[]>(user.client.get(`/api/v1/orders/${second.id}/timeline`));
      expect(timeline.find((e) => e.event === "order.rejected")?.summary).toBe("Rejected for the company: Over budget this month");
      expect(await rows(t, "select id from manufacturing_orders where tenant_id = ? and order_id = ?", t.id, second.id)).toEqual([]);
    });

    describe("a rejected order resubmitted", () => {
      let rejected: Order;
      let colleague: Awaited<ReturnType<typeof join>>;

      beforeAll(async () => {
        colleague = await join(t, admin.client, "customer_user");
        rejected = (await checkedOutByUser()).order;
        await data(admin.client.post(`/api/v1/orders/${rejected.id}/reject`, { reason: "Wrong purchase order" }));
      });

      it("only by whom placed it or who may approve: viewer 403 at the gate, another colleague 403, another company 404; a note is required", async () => {
        const body = { note: "PO corrected" };
        await expectError(viewer.client.post(`/api/v1/orders/${rejected.id}/resubmit`, body), 403, "FORBIDDEN", "role");
        const other = await expectError(colleague.client.post(`/api/v1/orders/${rejected.id}/resubmit`, body), 403, "FORBIDDEN");
        expect(other.error.message).toBe("Only the colleague who placed this order, or your company's admin, can resubmit it");
        await expectError(stranger.client.post(`/api/v1/orders/${rejected.id}/resubmit`, body), 404, "NOT_FOUND");
        await expectError(user.client.post(`/api/v1/orders/${rejected.id}/resubmit`, { note: "  " }), 422, "UNPROCESSABLE_ENTITY", "note");
        await expectError(user.client.post(`/api/v1/orders/${rejected.id}/resubmit`, { note: "x", po_number: "" }), 400, "VALIDATION_ERROR", "po_number");
        await expectError(user.client.post(`/api/v1/orders/${rejected.id}/resubmit`, { note: "x", extra: 1 }), 400, "VALIDATION_ERROR");
        expect(await data<Order>(user.client.get(`/api/v1/orders/${rejected.id}`))).toMatchObject({ status: "cancelled", approval: { status: "rejected" } });
      });

      it("the colleague resubmits with a corrected purchase order: it awaits approval again, and approved it is placed on the new number", async () => {
        const again = await data<Order & { po_number: string | null }>(
          user.client.post(`/api/v1/orders/${rejected.id}/resubmit`, { note: "Right PO this time", po_number: "PO-FIXED" }),
        );
        expect(again).toMatchObject({ status: "awaiting_approval", po_number: "PO-FIXED", approval: { status: "pending", placed_by: user.id, reason: null } });
        // Resubmitting what is not rejected (now awaiting approval) is 409 naming its state.
        const twice = await expectError(user.client.post(`/api/v1/orders/${rejected.id}/resubmit`, { note: "again" }), 409, "CONFLICT", "status");
        expect(twice.error.message).toBe(`Order ${rejected.number} is awaiting approval; only a rejected order can be resubmitted`);
        const timeline = await data<{ event: string; summary: string; actor: { type: string } }[]>(admin.client.get(`/api/v1/orders/${rejected.id}/timeline`));
        expect(timeline.map((e) => e.event)).toEqual(expect.arrayContaining(["order.rejected", "order.resubmitted"]));
        expect(timeline.find((e) => e.event === "order.resubmitted")?.summary).toBe("Resubmitted for approval: Right PO this time (purchase order PO-FIXED)");
        const placed = await data<Order & { po_number: string | null }>(admin.client.post(`/api/v1/orders/${rejected.id}/approve`));
        expect(placed).toMatchObject({ status: "purchase_order", po_number: "PO-FIXED", approval: { status: "approved" } });
        const created = await rows<{ payload: string }>(t, "select payload from outbound_events where tenant_id = ? and type = 'order.created'", t.id);
        expect(created.map((e) => JSON.parse(e.payload))).toContainEqual(expect.objectContaining({ order_id: rejected.id, po_number: "PO-FIXED" }));
        await expectError(user.client.post(`/api/v1/orders/${rejected.id}/resubmit`, { note: "late" }), 409, "CONFLICT", "status");
      });

      it("the admin may reopen one they rejected; an order the shop cancelled is not reopened (409)", async () => {
        const next = (await checkedOutByUser()).order;
        await data(admin.client.post(`/api/v1/orders/${next.id}/reject`, { reason: "Wait for the budget" }));
        expect(await data<Order>(admin.client.post(`/api/v1/orders/${next.id}/resubmit`, { note: "Budget approved" }))).toMatchObject({
          status: "awaiting_approval",
          approval: { status: "pending" },
        });
        // The shop cancels it while it awaits approval: cancelled, but not rejected.
        expect(await data<Order>(t.owner.post(`/api/v1/orders/${next.id}/cancel`))).toMatchObject({ status: "cancelled", approval: { status: "pending" } });
        await expectError(user.client.post(`/api/v1/orders/${next.id}/resubmit`, { note: "please" }), 409, "CONFLICT", "status");
      });
    });
  });
});
