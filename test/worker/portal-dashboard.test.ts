import { beforeAll, describe, expect, it } from "vitest";
import { createTenant, data, expectError, registerCustomer, type Client, type TestTenant, tenantDb } from "./helpers.ts";
import { checkedStatements } from "./tenant-scope-guard.ts";

/** The customer portal's home (issue 14, decision 56): GET /portal/dashboard. */

type Ref = { id: string; number: string | null };
type Dashboard = {
  projects: { total: number; items: { id: string; name: string }[] };
  outstanding_quotes: { total: number; items: { id: string; number: string; valid_until: string | null; gross_total: number | null; project: Ref | null }[] };
  orders_in_progress: {
    total: number;
    items: { id: string; stage: string; operation: string | null; operations_done: number; operations_total: number; due_at: string | null; quote: Ref }[];
  };
  upcoming_deliveries: { kind: string; date: string; order: Ref; shipment: { id: string; tracking_url: string | null } | null }[];
  awaiting_approval: { kind: string; id: string; number: string | null; title: string; since: string }[];
  recent_activity: { at: string; event: string; subject: Ref & { type: string }; summary: string }[];
  unread_messages: { count: number; latest: unknown[] };
  unread_notifications: { total: number; items: { id: string; type: string; title: string; path: string; created_at: string }[] };
};

const DAY = 86_400_000;
const now = Date.now();
const routing = JSON.stringify([
  { code: "cut", name: "Cut", work_centre: "saw", planned_minutes: 10 },
  { code: "glaze", name: "Glazing", work_centre: "glazing", planned_minutes: 20 },
]);

/** Fixture rows written straight to the shop's shard: what its processes would have recorded. */
async function insert(table: string, row: Record<string, unknown> & { tenant_id: string }) {
  const keys = Object.keys(row);
  await (await tenantDb(row.tenant_id))
    .prepare(`insert into ${table} (${keys.join(", ")}) values (${keys.map(() => "?").join(", ")})`)
    .bind(...keys.map((k) => row[k] ?? null))
    .run();
}

/** A shop's world of quotes, orders, lines and shipments for one company, ids named after what they are. */
class World {
  readonly t: TestTenant;
  readonly customerId: string;
  constructor(t: TestTenant, customerId: string) {
    this.t = t;
    this.customerId = customerId;
  }
  private id = (what: string) => `${what}-${crypto.randomUUID()}`;

  async quote(q: {
    status: string;
    project?: string | null;
    valid_until?: number | null;
    sent_at?: number | null;
    decided_at?: number | null;
    owner?: string;
  }) {
    const id = this.id("quote");
    await insert("quotes", {
      id,
      tenant_id: this.t.id,
      number: `Q-${id.slice(-6)}`,
      status: q.status,
      customer_id: this.customerId,
      owner_user_id: q.owner ?? null,
      price_book_version: 1,
      currency: "EUR",
      totals: JSON.stringify({ gross_total: 12_345, cost: 987_654_321 }),
      valid_until: q.valid_until ?? null,
      sent_at: q.sent_at ?? null,
      decided_at: q.decided_at ?? null,
      project_id: q.project ?? null,
      created_at: now - DAY,
      updated_at: now,
    });
    return id;
  }

  async order(quoteId: string, o: { status: string; paid_at?: number | null; created_at?: number; placed_by?: string }) {
    const id = this.id("order");
    await insert("orders", {
      id,
      tenant_id: this.t.id,
      quote_id: quoteId,
      number: `ORD-T-${id.slice(-8)}`,
      status: o.status,
      payment_method: o.status === "purchase_order" ? "purchase_order" : "stripe",
      amount: 12_345,
      currency: "EUR",
      paid_at: o.paid_at ?? null,
      placed_by: o.placed_by ?? null,
      created_at: o.created_at ?? now - DAY,
      updated_at: now,
    });
    return id;
  }

  async line(orderId: string, status: string, due_at: number, operations: Record<string, string> = {}) {
    const id = this.id("mo");
    await insert("manufacturing_orders", {
      id,
      tenant_id: this.t.id,
      order_id: orderId,
      quote_item_id: this.id("item"),
      number: `MO-T-${id.slice(-8)}`,
      status,
      quantity: 1,
      routing,
      operations: JSON.stringify(operations),
      due_at,
      created_at: now - DAY,
      updated_at: now,
    });
    return id;
  }

  async shipment(orderId: string, status: "shipped" | "delivered", shipped_at: number) {
    const id = this.id("shipment");
    await insert("shipments", {
      id,
      tenant_id: this.t.id,
      order_id: orderId,
      number: `SHP-T-${id.slice(-8)}`,
      carrier: "DHL",
      tracking_url: "https://track.example/1",
      packages: "[]",
      status,
      shipped_at,
      delivered_at: status === "delivered" ? shipped_at + DAY / 2 : null,
      created_at: shipped_at,
    });
    return id;
  }

  async drawing(quoteId: string, issued_at: number) {
    const id = this.id("drawing");
    await insert("drawings", {
      id,
      tenant_id: this.t.id,
      drawing_number: `DOOR-PLAN-${id.slice(-6)}`,
      request_id: this.id("request"),
      configuration_id: this.id("configuration"),
      quote_id: quoteId,
      family: "door",
      drawing_type: "plan",
      status: "current",
      sheet: "A3",
      formats: '["pdf"]',
      revision: "A",
      customer_id: this.customerId,
      created_at: issued_at,
      updated_at: issued_at,
    });
    await insert("drawing_revisions", {
      id: this.id("revision"),
      tenant_id: this.t.id,
      drawing_id: id,
      revision: "A",
      status: "current",
      reason: "First issue",
      changes: "[]",
      created_at: issued_at,
    });
    return id;
  }
}

/** A notification for `userId` as the fan-out writes it: in the app unless `in_app` is false, read when `read_at` is given. */
async function notification(t: TestTenant, userId: string, n: { title: string; created_at: number; read_at?: number; in_app?: boolean }) {
  const id = `notification-${crypto.randomUUID()}`;
  await insert("notifications", {
    id,
    tenant_id: t.id,
    user_id: userId,
    event_id: `event-${id}`,
    type: "quote.sent",
    title: n.title,
    body: "Quote sent",
    path: `/quotes/${id}`,
    in_app: n.in_app === false ? 0 : 1,
    read_at: n.read_at ?? null,
    email_state: "sent",
    created_at: n.created_at,
  });
  return id;
}

/** A member of the company with `role`, and their id (to assign projects to). */
async function member(t: TestTenant, customerId: string, role: string) {
  const m = await registerCustomer(t.host, role);
  await (await tenantDb(t.id)).prepare("update users set role = ?, customer_id = ? where id = ?").bind(role, customerId, m.userId).run();
  return m;
}

const dashboardOf = (c: Client) => data<Dashboard>(c.get("/api/v1/portal/dashboard"));
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe("the customer's dashboard", () => {
  let t: TestTenant;
  let admin: Awaited<ReturnType<typeof registerCustomer>>;
  let user: Awaited<ReturnType<typeof registerCustomer>>;
  let viewer: Awaited<ReturnType<typeof registerCustomer>>;
  let w: World;
  const p = {} as Record<"assigned" | "unassigned" | "completed", string>;
  const q = {} as Record<"expiresSoon" | "otherProject" | "noProject" | "expired" | "draft" | "making" | "planning" | "done" | "cancelled", string>;
  const o = {} as Record<"making" | "planning" | "done" | "cancelled", string>;
  let inTransit: string;
  let drawing: string;
  let strangers: { quote: string; order: string };

  beforeAll(async () => {
    t = await createTenant();
    admin = await registerCustomer(t.host, "Ada Admin");
    [user, viewer] = [await member(t, admin.customerId, "customer_user"), await member(t, admin.customerId, "customer_viewer")];
    w = new World(t, admin.customerId);
    const project = async (name: string, member_ids: string[]) =>
      (await data<{ id: string }>(admin.client.post("/api/v1/projects", { name, member_ids }), 201)).id;
    p.assigned = await project("Riverside", [user.userId]);
    p.unassigned = await project("Harbour", []);
    p.completed = await project("Old mill", [user.userId]);
    await data(admin.client.fetch(`/api/v1/projects/${p.completed}`, { method: "PATCH", json: { status: "completed" } }));

    q.expiresSoon = await w.quote({ status: "sent", project: p.assigned, valid_until: now + 2 * DAY, sent_at: now - 5 * DAY });
    q.otherProject = await w.quote({ status: "sent", project: p.unassigned, valid_until: now + 9 * DAY, sent_at: now - 4 * DAY });
    q.noProject = await w.quote({ status: "priced", valid_until: null });
    q.expired = await w.quote({ status: "sent", project: p.assigned, valid_until: now - DAY, sent_at: now - 30 * DAY });
    q.draft = await w.quote({ status: "draft", project: p.assigned });
    q.making = await w.quote({ status: "accepted", project: p.assigned, decided_at: now - 3 * DAY });
    q.planning = await w.quote({ status: "accepted", project: p.unassigned, decided_at: now - 2 * DAY });
    q.done = await w.quote({ status: "accepted", project: p.assigned, decided_at: now - 20 * DAY });
    q.cancelled = await w.quote({ status: "accepted", project: p.assigned, decided_at: now - 10 * DAY });

    o.making = await w.order(q.making, { status: "paid", paid_at: now - 3 * DAY + 1000, created_at: now - 3 * DAY });
    await w.line(o.making, "in_production", now + 6 * DAY, { cut: "done", glaze: "in_progress" });
    await w.line(o.making, "scheduled", now + 8 * DAY);
    await w.line(o.making, "shipped", now + 1 * DAY, { cut: "done", glaze: "done" });
    inTransit = await w.shipment(o.making, "shipped", now - 3600_000);
    o.planning = await w.order(q.planning, { status: "purchase_order", created_at: now - 2 * DAY });
    o.done = await w.order(q.done, { status: "paid", paid_at: now - 20 * DAY, created_at: now - 20 * DAY });
    await w.line(o.done, "delivered", now - 12 * DAY, { cut: "done", glaze: "done" });
    await w.shipment(o.done, "delivered", now - 13 * DAY);
    o.cancelled = await w.order(q.cancelled, { status: "cancelled", created_at: now - 10 * DAY });
    await w.line(o.cancelled, "cancelled", now + DAY);
    drawing = await w.drawing(q.expiresSoon, now - 6 * DAY);

    // Another company of the same shop, with work of its own.
    const stranger = await registerCustomer(t.host, "Stranger");
    const sw = new World(t, stranger.customerId);
    const sq = await sw.quote({ status: "sent", valid_until: now + DAY, sent_at: now - 60_000 });
    strangers = { quote: sq, order: await sw.order(await sw.quote({ status: "accepted", decided_at: now }), { status: "paid", paid_at: now }) };
    await sw.line(strangers.order, "scheduled", now + DAY);
  }, 60_000);

  it("a company admin sees every section of the company's work", async () => {
    const d = await dashboardOf(admin.client);
    expect(d.projects.total).toBe(2);
    expect(ids(d.projects.items).toSorted()).toEqual([p.assigned, p.unassigned].toSorted());
    // Waiting for a decision and still valid, soonest to expire first; no expiry last.
    expect(ids(d.outstanding_quotes.items)).toEqual([q.expiresSoon, q.otherProject, q.noProject]);
    expect(d.outstanding_quotes.total).toBe(3);
    expect(d.outstanding_quotes.items[0]).toMatchObject({
      gross_total: 12_345,
      valid_until: new Date(now + 2 * DAY).toISOString(),
      project: { id: p.assigned },
    });
    expect(JSON.stringify(d)).not.toContain("987654321");
    // In progress: a line not yet shipped, or none planned; the soonest due first, then those with no due date.
    expect(d.orders_in_progress.total).toBe(2);
    expect(d.orders_in_progress.items).toEqual([
      expect.objectContaining({
        id: o.making,
        stage: "scheduled",
        operation: "Glazing",
        operations_done: 3,
        operations_total: 6,
        due_at: new Date(now + 8 * DAY).toISOString(),
        quote: { id: q.making, number: expect.any(String) },
      }),
      expect.objectContaining({ id: o.planning, stage: "planning", operation: null, due_at: null }),
    ]);
    expect(d.upcoming_deliveries).toEqual([
      {
        kind: "shipment",
        date: new Date(now - 3600_000).toISOString(),
        order: expect.objectContaining({ id: o.making }),
        shipment: expect.objectContaining({ id: inTransit }),
      },
      { kind: "due", date: new Date(now + 8 * DAY).toISOString(), order: expect.objectContaining({ id: o.making }), shipment: null },
    ]);
    expect(d.awaiting_approval).toEqual([]);
    expect(d.unread_messages).toEqual({ count: 0, latest: [] });
    expect(d.unread_notifications).toEqual({ total: 0, items: [] });
    const events = d.recent_activity.map((e) => `${e.event} ${e.subject.id}`);
    expect(events.slice(0, 4)).toEqual([
      `shipment.shipped ${o.making}`,
      // Placed as the quote was accepted: events at the same moment come in the order of their names.
      `order.placed ${o.planning}`,
      `quote.accepted ${q.planning}`,
      `order.paid ${o.making}`,
    ]);
    expect(events).toEqual(
      expect.arrayContaining([`drawing.issued ${drawing}`, `quote.sent ${q.expiresSoon}`, `shipment.delivered ${o.done}`, `order.placed ${o.cancelled}`]),
    );
    expect(d.recent_activity.map((e) => e.at)).toEqual(
      d.recent_activity
        .map((e) => e.at)
        .toSorted()
        .reverse(),
    );
  });

  it("a customer user sees only the projects assigned to them and what is in them (or in no project)", async () => {
    const d = await dashboardOf(user.client);
    expect(ids(d.projects.items)).toEqual([p.assigned]);
    expect(ids(d.outstanding_quotes.items)).toEqual([q.expiresSoon, q.noProject]);
    expect(ids(d.orders_in_progress.items)).toEqual([o.making]);
    const seen = JSON.stringify(d);
    for (const hidden of [q.otherProject, q.planning, o.planning, p.unassigned]) expect(seen).not.toContain(hidden);
  });

  it("a viewer assigned to no project sees the company's work outside projects only", async () => {
    const d = await dashboardOf(viewer.client);
    expect(d.projects).toEqual({ total: 0, items: [] });
    expect(ids(d.outstanding_quotes.items)).toEqual([q.noProject]);
    expect(d.orders_in_progress).toEqual({ total: 0, items: [] });
    expect(d.upcoming_deliveries).toEqual([]);
    expect(d.recent_activity).toEqual([]);
  });

  it("never shows another company's rows, of this shop or another", async () => {
    for (const c of [admin.client, user.client, viewer.client]) {
      const seen = JSON.stringify(await dashboardOf(c));
      for (const hidden of Object.values(strangers)) expect(seen).not.toContain(hidden);
    }
    const other = await createTenant();
    const outsider = await registerCustomer(other.host, "Outsider");
    const d = await dashboardOf(outsider.client);
    expect([d.projects.total, d.outstanding_quotes.total, d.orders_in_progress.total, d.recent_activity.length]).toEqual([0, 0, 0, 0]);
  });

  it("is the customers' home: the shop's staff are refused (they have their own views)", async () => {
    await expectError(t.owner.get("/api/v1/portal/dashboard"), 403, "FORBIDDEN");
  });

  it("reads in a fixed number of statements however much the company has", async () => {
    const before = checkedStatements();
    await dashboardOf(admin.client);
    const few = checkedStatements() - before;
    for (let i = 0; i < 12; i++) {
      const quote = await w.quote({ status: "accepted", project: p.assigned, decided_at: now - i * 1000 });
      const order = await w.order(quote, { status: "paid", paid_at: now - i * 1000 });
      await w.line(order, "in_production", now + i * DAY, { cut: "in_progress" });
      await w.line(order, "scheduled", now + i * DAY);
      await w.shipment(order, "shipped", now - i * 1000);
      await w.quote({ status: "sent", project: p.unassigned, valid_until: now + DAY, sent_at: now - i * 1000 });
      await notification(t, admin.userId, { title: `Growth ${i}`, created_at: now - i * 1000 });
    }
    const again = checkedStatements();
    const d = await dashboardOf(admin.client);
    expect(checkedStatements() - again).toBe(few);
    expect(d.orders_in_progress.total).toBe(14);
    expect(d.orders_in_progress.items).toHaveLength(10);
    expect(d.outstanding_quotes.total).toBe(15);
    expect(d.unread_notifications.total).toBe(12);
    expect(d.unread_notifications.items).toHaveLength(10);
    // Read, they leave the dashboard (the next test starts with none).
    await (await tenantDb(t.id)).prepare("update notifications set read_at = ? where tenant_id = ? and user_id = ?").bind(now, t.id, admin.userId).run();
  });

  it("shows the threads with unread messages to those who may read them", async () => {
    await data(t.owner.post(`/api/v1/projects/${p.unassigned}/messages`, { body: "The glazing arrives on Monday." }), 201);
    await data(t.owner.post(`/api/v1/projects/${p.unassigned}/messages`, { body: "Fitting on Tuesday." }), 201);
    const seen = await dashboardOf(admin.client);
    expect(seen.unread_messages).toEqual({
      count: 2,
      latest: [{ id: expect.any(String), subject: expect.stringMatching(/^Project PRJ-\d{4}-\d{3}$/), at: expect.any(String) }],
    });
    // Not assigned to that project: nothing to read there.
    expect((await dashboardOf(user.client)).unread_messages).toEqual({ count: 0, latest: [] });
    await data(admin.client.post(`/api/v1/projects/${p.unassigned}/messages/read`));
    expect((await dashboardOf(admin.client)).unread_messages).toEqual({ count: 0, latest: [] });
  });

  it("lists what waits for the caller's approval to those who may approve: drawings when the shop requires it, colleagues' orders", async () => {
    const quote = await w.quote({ status: "accepted", project: p.unassigned, decided_at: now - DAY });
    const order = await w.order(quote, { status: "awaiting_approval", placed_by: user.userId });
    const sw = new World(t, (await registerCustomer(t.host, "Stranger 2")).customerId);
    const strangerOrder = await sw.order(await sw.quote({ status: "accepted" }), { status: "awaiting_approval" });
    // The shop does not wait for drawing approval: only the order.
    let d = await dashboardOf(admin.client);
    expect(d.awaiting_approval).toEqual([
      {
        kind: "order",
        id: order,
        number: expect.stringMatching(/^ORD-T-/),
        title: expect.stringMatching(/^Order ORD-T-\S+ placed by customer_user$/),
        since: new Date(now).toISOString(),
      },
    ]);
    await data(t.owner.fetch("/api/v1/tenant/production", { method: "PATCH", json: { drawing_approval_required: true } }));
    d = await dashboardOf(admin.client);
    // The longest waiting first: the drawing's revision A was issued six days ago.
    expect(d.awaiting_approval.map((a) => [a.kind, a.id])).toEqual([
      ["drawing", drawing],
      ["order", order],
    ]);
    expect(d.awaiting_approval[0]).toMatchObject({
      title: expect.stringMatching(/^Drawing DOOR-PLAN-\S+ \(plan\), revision A$/),
      since: new Date(now - 6 * DAY).toISOString(),
    });
    expect(JSON.stringify(d)).not.toContain(strangerOrder);
    // Who may not approve is not asked: the user (though the drawing's project is theirs) and the viewer.
    for (const c of [user.client, viewer.client]) expect((await dashboardOf(c)).awaiting_approval).toEqual([]);
    // Approved, the drawing's revision waits no more.
    await insert("drawing_approvals", {
      id: crypto.randomUUID(),
      tenant_id: t.id,
      drawing_id: drawing,
      revision: "A",
      decision: "approved",
      sheet_comments: "[]",
      decided_by: admin.userId,
      created_at: now,
    });
    expect((await dashboardOf(admin.client)).awaiting_approval.map((a) => a.id)).toEqual([order]);
  });

  it("shows the caller's own unread notifications, newest first: the first ten, how many, each with its page", async () => {
    const mine: string[] = [];
    for (let i = 0; i < 12; i++) mine.push(await notification(t, admin.userId, { title: `Quote ${i} sent to you`, created_at: now + i * 1000 }));
    const read = await notification(t, admin.userId, { title: "Read already", created_at: now + 60_000, read_at: now + 61_000 });
    const mailed = await notification(t, admin.userId, { title: "E-mail only", created_at: now + 60_000, in_app: false });
    const colleagues = await notification(t, user.userId, { title: "The user's own", created_at: now + 60_000 });
    let d = await dashboardOf(admin.client);
    expect(d.unread_notifications.total).toBe(12);
    expect(d.unread_notifications.items.map((n) => n.id)).toEqual(mine.toReversed().slice(0, 10));
    expect(d.unread_notifications.items[0]).toEqual({
      id: mine[11],
      type: "quote.sent",
      title: "Quote 11 sent to you",
      path: `/quotes/${mine[11]}`,
      created_at: new Date(now + 11_000).toISOString(),
    });
    for (const hidden of [read, mailed, colleagues]) expect(JSON.stringify(d)).not.toContain(hidden);
    // Read through the bell's route: the dashboard counts one fewer and lists the next one.
    await data(admin.client.post(`/api/v1/notifications/${mine[11]}/read`));
    d = await dashboardOf(admin.client);
    expect(d.unread_notifications.total).toBe(11);
    expect(d.unread_notifications.items.map((n) => n.id)).toEqual(mine.toReversed().slice(1, 11));
    // Each person their own: the user sees theirs, the viewer none.
    expect((await dashboardOf(user.client)).unread_notifications).toEqual({ total: 1, items: [expect.objectContaining({ id: colleagues })] });
    expect((await dashboardOf(viewer.client)).unread_notifications).toEqual({ total: 0, items: [] });
  });
});
