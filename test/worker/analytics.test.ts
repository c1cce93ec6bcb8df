import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, createTenant, data, expectError, expectStatus, type TestTenant, tenantDb } from "./helpers.ts";
import { completeProduction, placedDoorOrder, userWithRole } from "./shop-fixture.ts";

const at = (iso: string) => Date.parse(iso);

/**
 * One shop's week (1–7 March 2026) and a little either side of it, written
 * straight to D1 and R2 so every figure of the summary is known exactly.
 */
async function seedWeek(t: TestTenant) {
  const db = await tenantDb(t.id);
  const id = (name: string) => `${t.id}-${name}`;
  const quote = (name: string, created: string) =>
    db
      .prepare(
        "insert into quotes (id, tenant_id, number, status, price_book_version, currency, created_at, updated_at) values (?, ?, ?, 'accepted', 1, 'EUR', ?, ?)",
      )
      .bind(id(name), t.id, `Q-${name}`, at(created), at(created));
  const order = (name: string, quoteName: string, status: string, amount: number, created: string) =>
    db
      .prepare(
        "insert into orders (id, tenant_id, quote_id, number, status, payment_method, amount, currency, created_at, updated_at) values (?, ?, ?, ?, ?, 'purchase_order', ?, 'EUR', ?, ?)",
      )
      .bind(id(name), t.id, id(quoteName), `ORD-${name}`, status, amount, at(created), at(created));
  const item = (name: string, process: string) =>
    db
      .prepare("insert into quote_items (id, tenant_id, quote_id, position, options, status) values (?, ?, ?, 0, ?, 'priced')")
      .bind(id(name), t.id, id("q1"), JSON.stringify({ process, quantity: 1 }));
  const mo = (name: string, itemName: string, status: string, created: string, due: string, updated: string) =>
    db
      .prepare(
        "insert into manufacturing_orders (id, tenant_id, order_id, quote_item_id, number, status, quantity, routing, operations, due_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 1, '[]', '{}', ?, ?, ?)",
      )
      .bind(id(name), t.id, id("o1"), id(itemName), `MO-${name}`, status, at(due), at(created), at(updated));
  const checkpoint = (name: string, moName: string, stage: string, status: string, created: string, failed: string[] = []) =>
    db
      .prepare(
        "insert into qc_checkpoints (id, tenant_id, manufacturing_order_id, stage, inspector_name, overall_status, checks, created_at) values (?, ?, ?, ?, 'Ann', ?, ?, ?)",
      )
      .bind(
        id(name),
        t.id,
        id(moName),
        stage,
        status,
        JSON.stringify([
          { description: "As drawn", status: "pass", out_of_tolerance: false },
          ...failed.map((description) => ({ description, status: "fail", out_of_tolerance: false })),
        ]),
        at(created),
      );
  const action = (name: string, closed: string | null) =>
    db
      .prepare(
        "insert into corrective_actions (id, tenant_id, manufacturing_order_id, checkpoint_id, description, closed_at, created_at) values (?, ?, ?, ?, 'Re-square', ?, ?)",
      )
      .bind(id(name), t.id, id("mo1"), id("c2"), closed && at(closed), at("2026-03-01T02:00:00Z"));
  const cuttingList = (name: string, orderName: string, created: string) =>
    db
      .prepare("insert into cutting_lists (id, tenant_id, order_id, r2_key, created_at) values (?, ?, ?, ?, ?)")
      .bind(id(name), t.id, id(orderName), `tenants/${t.id}/analytics-test/${name}.json`, at(created));
  const profile = (p: string, stock: number, cut: number) => ({ profile: p, stock_length_total: stock, cut_length_total: cut });
  const lists = {
    l1: [profile("P1", 12_000, 10_800), profile("P2", 6000, 5400)],
    l2: [profile("P1", 6000, 4200)],
    l0: [profile("P1", 6000, 0)],
  };
  for (const [name, profiles] of Object.entries(lists)) await env.FILES.put(`tenants/${t.id}/analytics-test/${name}.json`, JSON.stringify({ profiles }));

  await db.batch([
    // Quotes: three on the 1st, one on the 3rd; one the day before the week.
    quote("q1", "2026-03-01T09:00:00Z"),
    quote("q2", "2026-03-01T10:00:00Z"),
    quote("q3", "2026-03-01T23:59:59Z"),
    quote("q4", "2026-03-03T12:00:00Z"),
    quote("q0", "2026-02-28T23:59:59Z"),
    // Orders: two placed in the week (card and purchase order), one awaiting payment, one before the week.
    order("o1", "q1", "paid", 100_000, "2026-03-02T08:00:00Z"),
    order("o2", "q4", "purchase_order", 50_001, "2026-03-04T08:00:00Z"),
    order("o3", "q2", "awaiting_payment", 999_999, "2026-03-02T08:00:00Z"),
    order("o0", "q0", "paid", 7, "2026-02-28T23:59:59Z"),
    item("i1", "cnc"),
    item("i2", "fff"),
    item("i3", "cnc"),
    item("i0", "cnc"),
    // MOs: one delivered on time, one late, one still in production, one delivered before the week.
    mo("mo1", "i1", "delivered", "2026-03-01T00:00:00Z", "2026-03-06T00:00:00Z", "2026-03-05T00:00:00Z"),
    mo("mo2", "i2", "delivered", "2026-03-01T00:00:00Z", "2026-03-05T00:00:00Z", "2026-03-06T00:00:00Z"),
    mo("mo3", "i3", "in_production", "2026-02-27T00:00:00Z", "2026-03-20T00:00:00Z", "2026-03-02T00:00:00Z"),
    mo("mo0", "i0", "delivered", "2026-02-01T00:00:00Z", "2026-02-10T00:00:00Z", "2026-02-20T00:00:00Z"),
    // Checkpoints, each a time after the MO's previous one (or its creation).
    checkpoint("c1", "mo1", "Cut", "pass", "2026-03-01T01:00:00Z"), // 60 min, first pass
    checkpoint("c2", "mo1", "Assembly", "fail", "2026-03-01T02:00:00Z", ["Squareness"]), // 60 min, first fails
    checkpoint("c3", "mo1", "Assembly", "pass", "2026-03-01T02:30:00Z"), // 30 min, a re-check
    checkpoint("c4", "mo2", "Cut", "conditional_pass", "2026-03-02T00:00:00Z", ["Squareness", "Length"]), // 1440 min, not a first pass
    checkpoint("c5", "mo2", "Cut", "fail", "2026-03-02T01:00:00Z", ["Squareness"]), // 60 min
    checkpoint("c0", "mo3", "Cut", "fail", "2026-02-28T00:00:00Z", ["Length"]), // before the week
    checkpoint("c6", "mo3", "Cut", "pass", "2026-03-02T00:00:00Z"), // 2880 min; its stage's first checkpoint was before the week
    action("a1", null),
    action("a2", null),
    action("a3", "2026-03-02T00:00:00Z"),
    cuttingList("l1", "o1", "2026-03-02T09:00:00Z"),
    cuttingList("l2", "o2", "2026-03-04T09:00:00Z"),
    cuttingList("l0", "o0", "2026-02-28T09:00:00Z"),
  ]);
}

const WEEK = {
  period: { from: "2026-03-01", to: "2026-03-07", days: 7 },
  quotes_per_day: [
    { date: "2026-03-01", count: 3 },
    { date: "2026-03-02", count: 0 },
    { date: "2026-03-03", count: 1 },
    { date: "2026-03-04", count: 0 },
    { date: "2026-03-05", count: 0 },
    { date: "2026-03-06", count: 0 },
    { date: "2026-03-07", count: 0 },
  ],
  conversion: { quotes: 4, ordered: 2, rate: 0.5 },
  average_order_value: { amount: 75_001, currency: "EUR", orders: 2 },
  on_time_delivery: { delivered: 2, on_time: 1, rate: 0.5 },
  first_pass_yield: {
    by_stage: [
      { stage: "Cut", stages: 2, first_pass: 1, rate: 0.5 },
      { stage: "Assembly", stages: 1, first_pass: 0, rate: 0 },
    ],
    by_family: [
      { family: "cnc", stages: 2, first_pass: 1, rate: 0.5 },
      { family: "fff", stages: 1, first_pass: 0, rate: 0 },
    ],
  },
  qc: {
    most_failed_checks: [
      { stage: "Cut", description: "Squareness", failures: 2 },
      { stage: "Assembly", description: "Squareness", failures: 1 },
      { stage: "Cut", description: "Length", failures: 1 },
    ],
    mean_minutes_per_checkpoint: (60 + 60 + 30 + 1440 + 60 + 2880) / 6,
    open_corrective_actions: 2,
  },
  waste_by_profile: [
    { profile: "P1", stock_m: 18, cut_m: 15, waste_percent: 16.7 },
    { profile: "P2", stock_m: 6, cut_m: 5.4, waste_percent: 10 },
  ],
  waste_cutting_lists: { counted: 2, total: 2 },
};

const summary = (path = "") => `/api/v1/analytics/summary${path}`;

describe("shop analytics", () => {
  it("computes each figure of the period exactly, and counts no other shop's data", async () => {
    const [a, b] = await Promise.all([createTenant(), createTenant()]);
    await seedWeek(a);
    await seedWeek(b);
    // Were the other shop's rows counted, every figure would be doubled.
    expect(await data(a.owner.get(summary("?from=2026-03-01&to=2026-03-07")))).toEqual(WEEK);
    expect(await data(b.owner.get(summary("?from=2026-03-01&to=2026-03-07")))).toEqual(WEEK);

    // A period with nothing in it: zero counts, no rates, the shop's currency.
    expect(await data(a.owner.get(summary("?from=2025-01-01&to=2025-01-02")))).toMatchObject({
      quotes_per_day: [
        { date: "2025-01-01", count: 0 },
        { date: "2025-01-02", count: 0 },
      ],
      conversion: { quotes: 0, ordered: 0, rate: null },
      average_order_value: { amount: null, currency: "EUR", orders: 0 },
      on_time_delivery: { delivered: 0, on_time: 0, rate: null },
      first_pass_yield: { by_stage: [], by_family: [] },
      qc: { most_failed_checks: [], mean_minutes_per_checkpoint: null, open_corrective_actions: 2 },
      waste_by_profile: [],
    });
  });

  it("reads at most the period's 100 newest cutting lists, and says how many there were", async () => {
    const t = await createTenant();
    const lists = Array.from({ length: 101 }, (_, i) => ({ id: `${t.id}-l${i}`, key: `tenants/${t.id}/analytics-test/l${i}.json` }));
    await Promise.all(
      lists.map((l, i) =>
        env.FILES.put(l.key, JSON.stringify({ profiles: [{ profile: "P1", stock_length_total: 6000, cut_length_total: i === 0 ? 0 : 5400 }] })),
      ),
    );
    const db = await tenantDb(t.id);
    await db.batch(
      lists.map((l, i) =>
        db
          .prepare("insert into cutting_lists (id, tenant_id, order_id, r2_key, created_at) values (?, ?, ?, ?, ?)")
          .bind(l.id, t.id, `${l.id}-order`, l.key, at("2026-03-01T00:00:00Z") + i * 60_000),
      ),
    );
    // The oldest list (all waste) is the one left out.
    expect(await data(t.owner.get(summary("?from=2026-03-01&to=2026-03-01")))).toMatchObject({
      waste_by_profile: [{ profile: "P1", stock_m: 600, cut_m: 540, waste_percent: 10 }],
      waste_cutting_lists: { counted: 100, total: 101 },
    });
  });

  it("defaults to the last 30 days; refuses a period backwards, over 366 days or not a date, naming the field", async () => {
    const t = await createTenant();
    const today = new Date().toISOString().slice(0, 10);
    const got = await data<typeof WEEK>(t.owner.get(summary()));
    expect(got.period).toEqual({ from: new Date(Date.parse(today) - 29 * 24 * 3600 * 1000).toISOString().slice(0, 10), to: today, days: 30 });
    expect(got.quotes_per_day).toHaveLength(30);

    await expectError(t.owner.get(summary("?from=2026-03-08&to=2026-03-07")), 400, "VALIDATION_ERROR", "from");
    await expectError(t.owner.get(summary("?from=2025-03-01&to=2026-03-02")), 400, "VALIDATION_ERROR", "from");
    expect((await data<typeof WEEK>(t.owner.get(summary("?from=2025-03-02&to=2026-03-02")))).period.days).toBe(366);
    await expectError(t.owner.get(summary("?from=2026-02-30")), 400, "VALIDATION_ERROR", "from");
    await expectError(t.owner.get(summary("?to=yesterday")), 400, "VALIDATION_ERROR", "to");
  });

  it("is for the shop's staff: customers get 403, strangers 401", async () => {
    const t = await createTenant();
    for (const role of ["customer_admin", "customer_user", "customer_viewer"]) await expectStatus((await userWithRole(t, role)).get(summary()), 403);
    await expectStatus((await userWithRole(t, "staff")).get(summary()), 200);
    await expectStatus(new Client(t.host).get(summary()), 401);
  });

  it("reads a real order's stored cutting list and its door's QC checkpoints", async () => {
    const t = await createTenant();
    const { order, mo } = await placedDoorOrder(t, 2);
    await completeProduction(t, mo.id);
    const list = await data<{ profiles: { profile: string; stock_length_total: number; cut_length_total: number }[] }>(
      t.owner.get(`/api/v1/orders/${order.id}/cutting-list`),
    );
    expect(list.profiles.length).toBeGreaterThan(0);
    const got = await data<typeof WEEK>(t.owner.get(summary()));
    expect(got.waste_by_profile.map((w) => w.profile).sort()).toEqual(list.profiles.map((p) => p.profile).sort());
    for (const p of list.profiles)
      expect(got.waste_by_profile.find((w) => w.profile === p.profile)).toMatchObject({
        stock_m: p.stock_length_total / 1000,
        cut_m: p.cut_length_total / 1000,
      });
    const stages = mo.operations.filter((o) => o.qc_stage).length;
    expect(got.first_pass_yield.by_family).toEqual([{ family: "spw600e-door", stages, first_pass: stages, rate: 1 }]);
    expect(got.conversion).toEqual({ quotes: 1, ordered: 1, rate: 1 });
  });
});
