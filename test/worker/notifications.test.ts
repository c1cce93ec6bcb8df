import { env } from "cloudflare:workers";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index.ts";
import { openDb } from "../../worker/db/client.ts";
import { insertEventOnce } from "../../worker/db/notifications.ts";
import type { Env } from "../../worker/env.ts";
import { announceExpiringQuotes } from "../../worker/notifications/expiring.ts";
import { fanOutNotification } from "../../worker/notifications/fan-out.ts";
import { notify, sweepNotificationEvents } from "../../worker/notifications/notify.ts";
import { OPTIONAL_TYPES } from "../../worker/notifications/events.ts";
import { dispatchOutbox } from "../../worker/webhooks/outbox.ts";
import { door, tinyPng } from "./fixtures.ts";
import { Client, createTenant, data, expectError, registerCustomer, scopeFor, tenantDb, type TestTenant } from "./helpers.ts";
import { checkoutOf, completeProduction, shipmentOf, userWithRole, type Mo } from "./shop-fixture.ts";
import { rows } from "./webhook-helpers.ts";

type Row = {
  id: string;
  user_id: string;
  type: string;
  title: string;
  body: string;
  path: string;
  in_app: number;
  email_state: string;
  email_to: string | null;
  email_message_id: string | null;
};

const notificationsOf = (tenantId: string, type: string) =>
  rows<Row>({ id: tenantId }, "select * from notifications where tenant_id = ? and type = ? order by created_at", tenantId, type);

/** Waits until `type` has settled for the opted-in person (an in-app row, its e-mail sent), then answers every row of that type. */
async function settled(tenantId: string, type: string, userId: string, count = 1) {
  let found: Row[] = [];
  await vi.waitFor(
    async () => {
      found = await notificationsOf(tenantId, type);
      const mine = found.filter((r) => r.user_id === userId);
      expect(mine).toHaveLength(count);
      expect(mine.every((r) => r.email_state === "sent")).toBe(true);
    },
    { timeout: 15_000, interval: 100 },
  );
  return found;
}

/** The e-mails handed to the real `send_email` binding, as it got them. */
function recordingEnv() {
  const sent: EmailMessageBuilder[] = [];
  const EMAIL = {
    send: async (message: EmailMessageBuilder) => {
      sent.push(message);
      return env.EMAIL.send(message);
    },
  } as SendEmail;
  return { env: { ...(env as unknown as Env), EMAIL }, sent };
}

describe("notifications: every event tells the opted-in person once, in the app and by e-mail, and the opted-out one nothing", () => {
  let t: TestTenant;
  let buyer: Awaited<ReturnType<typeof registerCustomer>>;
  let colleague: Client;
  let colleagueId: string;
  let quoteId: string;
  let orderId: string;

  beforeAll(async () => {
    t = await createTenant();
    buyer = await registerCustomer(t.host, "Buyer");
    colleague = await userWithRole(t, "customer_user", buyer.customerId);
    colleagueId = (await data<{ user: { id: string } }>(colleague.get("/api/v1/me"))).user.id;
    // The colleague turns every notification off, in both channels.
    const prefs = await data<{ preferences: { type: string; email: boolean; in_app: boolean }[] }>(
      colleague.fetch("/api/v1/me/notification-preferences", {
        method: "PATCH",
        json: { preferences: OPTIONAL_TYPES.map((type) => ({ type, email: false, in_app: false })) },
      }),
    );
    expect(prefs.preferences.every((p) => !p.email && !p.in_app)).toBe(true);
  }, 60_000);

  const expectOnlyBuyer = (found: Row[]) => {
    expect(found.filter((r) => r.user_id === colleagueId)).toEqual([]);
    const mine = found.filter((r) => r.user_id === buyer.userId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ in_app: 1, email_state: "sent", email_to: buyer.email });
    expect(mine[0].email_message_id).toBeTruthy();
    return mine[0];
  };

  it("quote sent", async () => {
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const configuration = await data<{ id: string }>(buyer.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const quote = await data<{ id: string; number: string }>(
      buyer.client.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 1 }] }),
      201,
    );
    quoteId = quote.id;
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    const row = expectOnlyBuyer(await settled(t.id, "quote.sent", buyer.userId));
    expect(row.title).toContain(quote.number);
    expect(row.path).toBe(`/quotes/${quote.id}`);
  });

  it("quote about to expire: the scheduled check announces it once", async () => {
    const [{ valid_until }] = await rows<{ valid_until: number }>(t, "select valid_until from quotes where id = ?", quoteId);
    const db = openDb(await tenantDb(t.id));
    const dayBefore = valid_until - 24 * 3600 * 1000;
    // Too early: more than three days before the end.
    await announceExpiringQuotes(env as unknown as Env, db, valid_until - 10 * 24 * 3600 * 1000);
    expect(await notificationsOf(t.id, "quote.expiring")).toEqual([]);
    await announceExpiringQuotes(env as unknown as Env, db, dayBefore);
    await announceExpiringQuotes(env as unknown as Env, db, dayBefore + 60_000);
    expectOnlyBuyer(await settled(t.id, "quote.expiring", buyer.userId));
    expect(await rows(t, "select id from notification_events where tenant_id = ? and type = 'quote.expiring'", t.id)).toHaveLength(1);
  });

  it("drawings ready for approval", async () => {
    await data(t.owner.post("/api/v1/drawings/requests", { quote_id: quoteId, drawing_types: ["plan"], formats: ["pdf"] }), 201);
    const row = expectOnlyBuyer(await settled(t.id, "drawings.ready", buyer.userId));
    expect(row.path).toBe(`/quotes/${quoteId}`);
  });

  it("a revised drawing: the approver's rejection makes revision B, which tells them (though A told them already), once", async () => {
    const [drawing] = await data<{ id: string; drawing_number: string }[]>(buyer.client.get(`/api/v1/drawings?quote_id=${quoteId}`));
    await data(buyer.client.post(`/api/v1/drawings/${drawing.id}/approvals`, { decision: "rejected", comments: "Sill 20 mm lower" }), 201);
    const told = await settled(t.id, "drawings.ready", buyer.userId, 2);
    expect(told.filter((r) => r.user_id === colleagueId)).toEqual([]);
    const revised = told.filter((r) => r.user_id === buyer.userId)[1];
    expect(revised).toMatchObject({ title: `Drawing ${drawing.drawing_number} revision B is ready`, path: `/drawings/${drawing.id}`, email_to: buyer.email });
    // The revision's event dispatched again (a retried dispatch) tells nobody again.
    const [event] = await rows<{ id: string }>(t, "select id from outbound_events where tenant_id = ? and type = 'drawing.revision_completed'", t.id);
    await dispatchOutbox(env as unknown as Env, t.id, [event.id]);
    expect(await rows(t, "select id from notification_events where tenant_id = ? and type = 'drawings.ready'", t.id)).toHaveLength(2);
    expect((await notificationsOf(t.id, "drawings.ready")).filter((r) => r.user_id === buyer.userId)).toHaveLength(2);
    // The shop's own revision C keeps the sheet's scale though the revision table grew (before, 422 "use 1:10"), and tells them too.
    await data(t.owner.post(`/api/v1/drawings/${drawing.id}/revisions`, { reason: "Handle moved" }), 201);
    const third = (await settled(t.id, "drawings.ready", buyer.userId, 3)).filter((r) => r.user_id === buyer.userId)[2];
    expect(third).toMatchObject({ title: `Drawing ${drawing.drawing_number} revision C is ready` });
  });

  it("order confirmed (purchase order)", async () => {
    await data(buyer.client.post(`/api/v1/quotes/${quoteId}/accept`));
    const order = await data<{ id: string; number: string }>(buyer.client.post(`/api/v1/quotes/${quoteId}/purchase-order`, { po_number: "PO-N" }), 201);
    orderId = order.id;
    const row = expectOnlyBuyer(await settled(t.id, "order.confirmed", buyer.userId));
    expect(row.title).toContain(order.number);
  });

  it("production moves (in production, made) and the shipment with its tracking", async () => {
    let mos: Mo[] = [];
    await vi.waitFor(
      async () => {
        mos = await data<Mo[]>(t.owner.get(`/api/v1/manufacturing-orders?order_id=${orderId}`));
        expect(mos).toHaveLength(1);
      },
      { timeout: 15_000, interval: 100 },
    );
    await completeProduction(t, mos[0].id);
    const moves = await settled(t.id, "production.update", buyer.userId, 2);
    expect(moves.filter((r) => r.user_id === colleagueId)).toEqual([]);
    expect(moves.map((r) => r.title)).toEqual([expect.stringContaining("is in production"), expect.stringContaining("is made")]);
    await data(t.owner.post(`/api/v1/orders/${orderId}/shipments`, shipmentOf(mos[0].id, 1)), 201);
    const shipped = expectOnlyBuyer(await settled(t.id, "order.shipped", buyer.userId));
    expect(shipped.body).toContain("DHL Freight");
    expect(shipped.body).toContain("JD0146");
    expect(shipped.path).toBe(`/orders/${orderId}`);
    // Shipping is its own e-mail: the MO's move to `shipped` is not told twice.
    expect(await notificationsOf(t.id, "production.update")).toHaveLength(2);
  });

  it("new message (the messages feature calls notify)", async () => {
    const scope = await scopeFor(t.id);
    await notify(env as unknown as Env, scope, {
      type: "message.new",
      message_id: "msg-1",
      recipient_ids: [buyer.userId, colleagueId],
      from_name: "Shop",
      excerpt: "Your glass arrives Tuesday",
      path: `/quotes/${quoteId}`,
    });
    expectOnlyBuyer(await settled(t.id, "message.new", buyer.userId));
  });

  it("company member invitation: an e-mail with the one-time link, not an in-app entry", async () => {
    const email = `new-${crypto.randomUUID()}@example.test`;
    const { member } = await data<{ member: { id: string } }>(buyer.client.post("/api/v1/company/members", { email, role: "customer_user" }), 201);
    const [row] = await settled(t.id, "member.invited", member.id);
    expect(row).toMatchObject({ in_app: 0, email_to: email, email_state: "sent" });
  });

  it("a redelivered fan-out message writes nothing and sends nothing again", async () => {
    const [event] = await rows<{ id: string }>(t, "select id from notification_events where tenant_id = ? and type = 'quote.sent'", t.id);
    const before = await notificationsOf(t.id, "quote.sent");
    const recording = recordingEnv();
    const batch = createMessageBatch("fabquote-notifications", [
      { id: "again", timestamp: new Date(), attempts: 2, body: { kind: "notification.fanout", tenant_id: t.id, event_id: event.id } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, recording.env);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["again"]);
    expect(recording.sent).toEqual([]);
    expect(await notificationsOf(t.id, "quote.sent")).toEqual(before);
  });

  it("the bell: unread first counted, read once, another person's notification is 404", async () => {
    const unread = await data<{ unread_count: number }>(buyer.client.get("/api/v1/notifications/unread-count"));
    // Quote sent, about to expire, drawings (A, B, then C), order, two production moves, shipped, message.
    expect(unread.unread_count).toBe(10);
    const list = await buyer.client.get("/api/v1/notifications?limit=3");
    const page = await list.json<{ data: { id: string; read: boolean; created_at: string }[]; pagination: { has_next: boolean; next_cursor: string } }>();
    expect(page.data).toHaveLength(3);
    expect(page.pagination.has_next).toBe(true);
    const read = await data<{ read: boolean }>(buyer.client.post(`/api/v1/notifications/${page.data[0].id}/read`));
    expect(read.read).toBe(true);
    expect((await data<{ unread_count: number }>(buyer.client.get("/api/v1/notifications/unread-count"))).unread_count).toBe(unread.unread_count - 1);
    const onlyUnread = await data<{ id: string }[]>(buyer.client.get("/api/v1/notifications?unread_only=true&limit=100"));
    expect(onlyUnread.map((n) => n.id)).not.toContain(page.data[0].id);
    // The colleague (same company) cannot read the buyer's.
    await expectError(colleague.post(`/api/v1/notifications/${page.data[1].id}/read`), 404, "NOT_FOUND");
    await expectError(buyer.client.get("/api/v1/notifications?cursor=nonsense"), 400, "VALIDATION_ERROR", "cursor");
  });
});

describe("notification e-mails and unsubscribing", () => {
  it("the e-mail links back and unsubscribes without signing in; a tampered link is 403 and changes nothing", async () => {
    const t = await createTenant();
    const buyer = await registerCustomer(t.host, "Reader");
    const scope = await scopeFor(t.id);
    const eventId = await insertEventOnce(scope, {
      id: crypto.randomUUID(),
      key: "message.new:direct",
      type: "message.new",
      subject: { message_id: "direct", recipient_ids: [buyer.userId], from_name: "Ann", excerpt: "Hello there", path: "/quotes/q-1" },
    });
    const recording = recordingEnv();
    const message = { kind: "notification.fanout" as const, tenant_id: t.id, event_id: eventId! };
    await fanOutNotification(message, recording.env);
    await fanOutNotification(message, recording.env);
    expect(recording.sent).toHaveLength(1);
    const [mail] = recording.sent;
    expect(mail).toMatchObject({ to: buyer.email, subject: "New message from Ann" });
    expect(mail.text).toContain("Hello there");
    expect(mail.text).toContain(`http://${t.host}/quotes/q-1`);
    const unsubscribeUrl = new URL(/http:\/\/\S+\/unsubscribe\?token=\S+/.exec(mail.text!)![0]);
    expect(mail.html).toContain("Unsubscribe");
    expect(mail.headers?.["List-Unsubscribe"]).toContain("/api/v1/notifications/unsubscribe?token=");
    const token = unsubscribeUrl.searchParams.get("token")!;

    const anonymous = new Client(t.host);
    const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    await expectError(anonymous.post(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(tampered)}`), 403, "FORBIDDEN", "token");
    // Another type in the claims, the signature kept: refused too.
    const [payload, signature] = token.split(".");
    const forged = `${btoa(JSON.stringify({ u: buyer.userId, t: "order.shipped" })).replace(/=+$/, "")}.${signature}`;
    expect(payload).not.toBe(forged.split(".")[0]);
    await expectError(anonymous.post(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(forged)}`), 403, "FORBIDDEN", "token");
    await expectError(anonymous.post("/api/v1/notifications/unsubscribe"), 400, "VALIDATION_ERROR", "token");
    const still = await data<{ preferences: { type: string; email: boolean }[] }>(buyer.client.get("/api/v1/me/notification-preferences"));
    expect(still.preferences.every((p) => p.email)).toBe(true);

    expect(await data(anonymous.get(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`))).toMatchObject({
      type: "message.new",
      email: true,
    });
    expect(await data(anonymous.post(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`))).toMatchObject({
      type: "message.new",
      email: false,
    });
    const after = await data<{ preferences: { type: string; email: boolean; in_app: boolean }[] }>(buyer.client.get("/api/v1/me/notification-preferences"));
    expect(after.preferences.find((p) => p.type === "message.new")).toMatchObject({ email: false, in_app: true });
    expect(after.preferences.filter((p) => p.type !== "message.new").every((p) => p.email)).toBe(true);

    // Another shop does not take this shop's link.
    const other = await createTenant();
    await expectError(new Client(other.host).post(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`), 403, "FORBIDDEN", "token");
  });

  it("the e-mail wears the shop's brand: its logo, linked absolutely, or its name, and its colour on the button", async () => {
    const t = await createTenant();
    const buyer = await registerCustomer(t.host, "Branded");
    const scope = await scopeFor(t.id);
    const send = async (key: string) => {
      const eventId = await insertEventOnce(scope, {
        id: crypto.randomUUID(),
        key: `message.new:${key}`,
        type: "message.new",
        subject: { message_id: key, recipient_ids: [buyer.userId], from_name: "Ann", excerpt: "Hello", path: "/quotes/q-1" },
      });
      const recording = recordingEnv();
      await fanOutNotification({ kind: "notification.fanout", tenant_id: t.id, event_id: eventId! }, recording.env);
      expect(recording.sent).toHaveLength(1);
      return recording.sent[0].html!;
    };
    await data(t.owner.fetch("/api/v1/tenant/branding", { method: "PATCH", json: { primary_color: "#0f766e" } }));
    const [{ name }] = await rows<{ name: string }>(t, "select name from tenants where id = ?", t.id);
    const named = await send("named");
    expect(named).toContain(`color:#0f766e">${name}</p>`);
    expect(named).toContain("background:#0f766e");
    expect(named).not.toContain("<img");

    const logo = await data<{ logo_url: string }>(
      t.owner.fetch("/api/v1/tenant/branding/logo", { method: "PUT", body: tinyPng(6), headers: { "content-type": "image/png" } }),
    );
    const withLogo = await send("logo");
    expect(withLogo).toContain(`<img src="http://${t.host}${logo.logo_url}" alt="${name}"`);
    expect(withLogo).toContain("background:#0f766e");
    // The link in the e-mail loads the picture for anyone, as a mail client would.
    const picture = await new Client(t.host).get(logo.logo_url);
    expect(picture.status).toBe(200);
    expect(picture.headers.get("content-type")).toBe("image/png");
  });

  it("the invitation e-mail carries its one-time link and no unsubscribe link; without the link (a swept event) it is not sent", async () => {
    const t = await createTenant();
    const buyer = await registerCustomer(t.host, "Inviter");
    const scope = await scopeFor(t.id);
    const invite = (key: string) =>
      insertEventOnce(scope, { id: crypto.randomUUID(), key, type: "member.invited", subject: { user_id: buyer.userId, expires_at: Date.now() + 86_400_000 } });
    const recording = recordingEnv();
    const withLink = await invite("member.invited:direct:1");
    await fanOutNotification({ kind: "notification.fanout", tenant_id: t.id, event_id: withLink!, invitation_path: "/welcome#token=one-time" }, recording.env);
    expect(recording.sent).toHaveLength(1);
    const [mail] = recording.sent;
    expect(mail.subject).toBe(`You are invited to Shop ${t.slug}`);
    expect(mail.text).toContain(`Set your password: http://${t.host}/welcome#token=one-time`);
    expect(mail.text).not.toContain("unsubscribe");
    expect(mail.headers).toBeUndefined();
    const withoutLink = await invite("member.invited:direct:2");
    await fanOutNotification({ kind: "notification.fanout", tenant_id: t.id, event_id: withoutLink! }, recording.env);
    expect(recording.sent).toHaveLength(1);
    const states = await rows<{ email_state: string; in_app: number }>(
      t,
      "select email_state, in_app from notifications where event_id in (?, ?) order by email_state desc",
      withLink,
      withoutLink,
    );
    expect(states).toEqual([
      { email_state: "sent", in_app: 0 },
      { email_state: "failed", in_app: 0 },
    ]);
    expect((await data<{ unread_count: number }>(buyer.client.get("/api/v1/notifications/unread-count"))).unread_count).toBe(0);
  });

  it("a mail service failure is retried, and the e-mail goes once when it recovers", async () => {
    const t = await createTenant();
    const buyer = await registerCustomer(t.host, "Retry");
    const scope = await scopeFor(t.id);
    const eventId = await insertEventOnce(scope, {
      id: crypto.randomUUID(),
      key: "message.new:retry",
      type: "message.new",
      subject: { message_id: "retry", recipient_ids: [buyer.userId], from_name: "Ann", excerpt: "Hi", path: "/" },
    });
    const failing = { ...(env as unknown as Env), EMAIL: { send: () => Promise.reject(new Error("mail service down")) } as SendEmail };
    const batch = createMessageBatch("fabquote-notifications", [
      { id: "first", timestamp: new Date(), attempts: 1, body: { kind: "notification.fanout", tenant_id: t.id, event_id: eventId! } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, failing);
    expect((await getQueueResult(batch, ctx)).retryMessages.map((m) => m.msgId)).toEqual(["first"]);
    expect(await rows(t, "select email_state from notifications where event_id = ?", eventId)).toEqual([{ email_state: "pending" }]);
    const recording = recordingEnv();
    await fanOutNotification({ kind: "notification.fanout", tenant_id: t.id, event_id: eventId! }, recording.env);
    await fanOutNotification({ kind: "notification.fanout", tenant_id: t.id, event_id: eventId! }, recording.env);
    expect(recording.sent).toHaveLength(1);
    expect(await rows(t, "select email_state from notifications where event_id = ?", eventId)).toEqual([{ email_state: "sent" }]);
  });

  it("an event that never reached the queue is queued by the scheduled sweep, once it is a minute old", async () => {
    const t = await createTenant();
    const buyer = await registerCustomer(t.host, "Swept");
    const db = openDb(await tenantDb(t.id));
    const eventId = await insertEventOnce(await scopeFor(t.id), {
      id: crypto.randomUUID(),
      key: "message.new:swept",
      type: "message.new",
      subject: { message_id: "swept", recipient_ids: [buyer.userId], from_name: "Ann", excerpt: "Left behind", path: "/" },
    });
    const [{ created_at }] = await rows<{ created_at: number }>(t, "select created_at from notification_events where id = ?", eventId);
    await sweepNotificationEvents(env as unknown as Env, db, created_at + 30_000);
    expect(await rows(t, "select enqueued_at from notification_events where id = ?", eventId)).toEqual([{ enqueued_at: null }]);
    await sweepNotificationEvents(env as unknown as Env, db, created_at + 61_000);
    await settled(t.id, "message.new", buyer.userId);
    expect((await rows<{ enqueued_at: number | null }>(t, "select enqueued_at from notification_events where id = ?", eventId))[0].enqueued_at).not.toBeNull();
  });

  it("preferences: bad input is a 400 naming the field", async () => {
    const t = await createTenant();
    const buyer = await registerCustomer(t.host, "Chooser");
    const patch = (json: unknown) => buyer.client.fetch("/api/v1/me/notification-preferences", { method: "PATCH", json });
    await expectError(patch({ preferences: [{ type: "weather.report", email: false }] }), 400, "VALIDATION_ERROR", "preferences.0.type");
    await expectError(patch({ preferences: [] }), 400, "VALIDATION_ERROR", "preferences");
    await expectError(
      patch({
        preferences: [
          { type: "quote.sent", email: false },
          { type: "quote.sent", in_app: false },
        ],
      }),
      400,
      "VALIDATION_ERROR",
      "preferences",
    );
    const prefs = await data<{ preferences: { type: string; email: boolean; in_app: boolean }[] }>(
      patch({ preferences: [{ type: "quote.sent", email: false }] }),
    );
    expect(prefs.preferences.find((p) => p.type === "quote.sent")).toMatchObject({ email: false, in_app: true });
  });
});

describe("a rejected order resubmitted for approval tells the company's admins (decision 70)", () => {
  let t: TestTenant;
  let admin: Awaited<ReturnType<typeof registerCustomer>>;
  let optedOut: { client: Client; id: string };
  let user: { client: Client; id: string };
  let order: { id: string; number: string };

  const member = async (role: string, customerId: string) => {
    const client = await userWithRole(t, role, customerId);
    return { client, id: (await data<{ user: { id: string } }>(client.get("/api/v1/me"))).user.id };
  };
  const resubmittedRows = async () =>
    (
      await (
        await tenantDb(t.id)
      )
        .prepare("select * from notifications where tenant_id = ? and type = 'order.resubmitted' order by created_at")
        .bind(t.id)
        .all<Row>()
    ).results;
  /** Waits until every order.resubmitted event has been fanned out and its e-mails settled. */
  const fannedOut = (events: number) =>
    vi.waitFor(
      async () => {
        const db = await tenantDb(t.id);
        const { results } = await db
          .prepare("select fanned_out_at from notification_events where tenant_id = ? and type = 'order.resubmitted'")
          .bind(t.id)
          .all<{ fanned_out_at: number | null }>();
        expect(results).toHaveLength(events);
        expect(results.every((r) => r.fanned_out_at !== null)).toBe(true);
        expect((await resubmittedRows()).every((r) => r.email_state === "sent")).toBe(true);
      },
      { timeout: 15_000, interval: 100 },
    );

  beforeAll(async () => {
    t = await createTenant();
    admin = await registerCustomer(t.host, "Ada Admin");
    optedOut = await member("customer_admin", admin.customerId);
    user = await member("customer_user", admin.customerId);
    await data(
      optedOut.client.fetch("/api/v1/me/notification-preferences", {
        method: "PATCH",
        json: { preferences: [{ type: "order.resubmitted", email: false, in_app: false }] },
      }),
    );
    await data(admin.client.fetch("/api/v1/company", { method: "PATCH", json: { order_approval_required: true } }));
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const configuration = await data<{ id: string }>(user.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    const quote = await data<{ id: string }>(user.client.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 1 }] }), 201);
    await data(t.owner.post(`/api/v1/quotes/${quote.id}/send`));
    const checkout = await data<{ id: string }>(user.client.post("/api/v1/checkouts", checkoutOf(quote.id)), 201);
    order = await data<{ id: string; number: string; status: string }>(user.client.post(`/api/v1/checkouts/${checkout.id}/confirm`));
    await data(admin.client.post(`/api/v1/orders/${order.id}/reject`, { reason: "Wrong PO" }));
  }, 60_000);

  it("the admin is told in the app and by e-mail, with the colleague's note; the opted-out admin and the colleague are not", async () => {
    await data(user.client.post(`/api/v1/orders/${order.id}/resubmit`, { note: "PO number corrected", po_number: "PO-2" }));
    await fannedOut(1);
    const found = await resubmittedRows();
    expect(found.map((r) => r.user_id)).toEqual([admin.userId]);
    expect(found[0]).toMatchObject({ in_app: 1, email_state: "sent", email_to: admin.email, path: `/orders/${order.id}` });
    expect(found[0].title).toBe(`Order ${order.number} awaits your approval again`);
    expect(found[0].body).toContain("PO number corrected");
    const bell = await data<{ type: string; title: string }[]>(admin.client.get("/api/v1/notifications"));
    expect(bell.find((n) => n.type === "order.resubmitted")?.title).toBe(found[0].title);
  });

  it("each resubmission is told once; an admin who reopens it themselves is not told of their own act", async () => {
    await data(admin.client.post(`/api/v1/orders/${order.id}/reject`, { reason: "Still wrong" }));
    await data(user.client.post(`/api/v1/orders/${order.id}/resubmit`, { note: "Second try" }));
    await fannedOut(2);
    expect((await resubmittedRows()).map((r) => r.body.includes("Second try"))).toEqual([false, true]);
    await data(admin.client.post(`/api/v1/orders/${order.id}/reject`, { reason: "Once more" }));
    await data(admin.client.post(`/api/v1/orders/${order.id}/resubmit`, { note: "Reopened by me" }));
    await fannedOut(3);
    expect(await resubmittedRows()).toHaveLength(2);
  });
});
