import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { insertInboundEvent } from "../../worker/db/webhook-events.ts";
import { ingestInboundEvent } from "../../worker/webhooks/ingest-inbound.ts";
import { processInboundEvent } from "../../worker/webhooks/process-inbound.ts";
import { Client, createTenant, data, expectError, type TestTenant, scopeFor } from "./helpers.ts";
import { createSource, postEvent, rows, waitForEvent, type EventView } from "./webhook-helpers.ts";

const stored = async (t: TestTenant) => (await rows<{ n: number }>(t, "select count(*) as n from webhook_events where tenant_id = ?", t.id))[0].n;
const claims = (t: TestTenant, source: string) => env.WEBHOOK_INBOX.getByName(`${t.id}:${source}`).count();

describe("webhook sources", () => {
  it("are created with a secret shown once, listed without it, rotated with two valid at once, then retired", async () => {
    const t = await createTenant();
    const source = await createSource(t);
    expect(source.secret).toMatch(/^whsec_/);
    const listed = await data<Record<string, unknown>[]>(t.owner.get("/api/v1/webhooks/sources"));
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(source.secret.slice(6));
    expect(listed[0]).toMatchObject({ name: "nexus", scheme: "standard", tolerance_seconds: 300, path: "/webhooks/nexus" });

    const rotated = await data<{ secret: string; secrets: unknown[] }>(
      t.owner.fetch(`/api/v1/webhooks/sources/${source.id}`, { method: "PATCH", json: { rotate_secret: true } }),
    );
    expect(rotated.secrets).toHaveLength(2);
    const payload = { type: "quote.requested", quote_id: "Q-1" };
    expect((await postEvent(t, "nexus", source.secret, payload)).status).toBe(202);
    expect((await postEvent(t, "nexus", rotated.secret, payload)).status).toBe(202);

    await data(t.owner.fetch(`/api/v1/webhooks/sources/${source.id}`, { method: "PATCH", json: { retire_previous: true } }));
    await expectError(postEvent(t, "nexus", source.secret, payload), 401, "UNAUTHORIZED", "signature");
    expect((await postEvent(t, "nexus", rotated.secret, payload)).status).toBe(202);

    await data(t.owner.delete(`/api/v1/webhooks/sources/${source.id}`));
    await expectError(postEvent(t, "nexus", rotated.secret, payload), 401, "UNAUTHORIZED", "signature");
  });

  it("bad input is a 4xx naming the field; a taken name is a 409; only owners and admins manage them", async () => {
    const t = await createTenant();
    await expectError(t.owner.post("/api/v1/webhooks/sources", { name: "Not Valid" }), 400, "VALIDATION_ERROR", "name");
    await expectError(t.owner.post("/api/v1/webhooks/sources", { name: "ok", colour: "red" }), 400, "VALIDATION_ERROR", "colour");
    await expectError(t.owner.post("/api/v1/webhooks/sources", { name: "ok", tolerance_seconds: 5 }), 400, "VALIDATION_ERROR", "tolerance_seconds");
    await expectError(t.owner.post("/api/v1/webhooks/sources", { name: "pay", scheme: "stripe" }), 400, "VALIDATION_ERROR", "secret");
    await expectError(t.owner.post("/api/v1/webhooks/sources", { name: "ok", secret: "plain" }), 400, "VALIDATION_ERROR", "secret");
    await createSource(t, { name: "nexus" });
    await expectError(t.owner.post("/api/v1/webhooks/sources", { name: "nexus" }), 409, "CONFLICT", "name");
    await expectError(new Client(t.host).get("/api/v1/webhooks/sources"), 401, "UNAUTHORIZED");
  });
});

describe("POST /webhooks/{source}", () => {
  it("refuses a tampered body, a wrong secret, a stale or future timestamp and a missing id with 401, storing nothing", async () => {
    const t = await createTenant();
    const { secret } = await createSource(t);
    const payload = { type: "quote.requested", quote_id: "Q-1" };
    const attempts = [
      postEvent(t, "nexus", secret, payload, { body: JSON.stringify({ ...payload, quote_id: "Q-2" }) }),
      postEvent(t, "nexus", `whsec_${btoa("x".repeat(32))}`, payload),
      postEvent(t, "nexus", secret, payload, { at: new Date(Date.now() - 301_000) }),
      postEvent(t, "nexus", secret, payload, { at: new Date(Date.now() + 330_000) }), // well past the 300 s tolerance, however slow the run
      postEvent(t, "nexus", secret, payload, { headers: { "webhook-id": "" } }),
    ];
    // An unknown source answers exactly like a bad signature, and no answer says what was wrong.
    const bodies = [];
    for (const res of [...attempts, postEvent(t, "nobody", secret, payload)]) bodies.push(await expectError(res, 401, "UNAUTHORIZED", "signature"));
    expect(new Set(bodies.map((b) => JSON.stringify(b.error))).size).toBe(1);
    expect(await stored(t)).toBe(0);
    expect(await claims(t, "nexus")).toBe(0);
  });

  it("answers 404 on the root host, 413 for a body over 1 MB, 400 for a body that is not JSON", async () => {
    const t = await createTenant();
    const { secret } = await createSource(t);
    await expectError(new Client("localhost").post("/webhooks/nexus", {}), 404, "NOT_FOUND");
    const big = { type: "quote.requested", quote_id: "Q-1", notes: "x".repeat(1024 * 1024) };
    await expectError(postEvent(t, "nexus", secret, big), 413, "PAYLOAD_TOO_LARGE", "body");
    await expectError(postEvent(t, "nexus", secret, null, { raw: "not json" }), 400, "INVALID_REQUEST", "body");
    expect(await stored(t)).toBe(0);
  });

  it("the same event delivered 10 times at once is stored once and has one effect", async () => {
    const t = await createTenant();
    const { secret } = await createSource(t);
    const payload = {
      type: "drawing.revision_requested",
      data: { drawing_id: "DWG-1", revision_reason: "swing", requested_changes: [{ type: "configuration_change", field: "opening_direction" }] },
    };
    const at = new Date();
    const responses = await Promise.all(Array.from({ length: 10 }, () => postEvent(t, "nexus", secret, payload, { id: "msg_same", at })));
    const bodies = await Promise.all(responses.map((r) => r.json<{ data: { duplicate: boolean; event_id: string | null } }>()));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
    expect(bodies.filter((b) => b.data.duplicate)).toHaveLength(9);
    const eventId = bodies.find((b) => !b.data.duplicate)!.data.event_id!;
    await waitForEvent(t, eventId, "processed");
    expect(await stored(t)).toBe(1);
    // Revision requests bump the revision each time they apply: 1 means applied once.
    expect(await rows(t, "select kind, external_id, revision from partner_records where tenant_id = ?", t.id)).toEqual([
      { kind: "drawing", external_id: "DWG-1", revision: 1 },
    ]);
  });

  it("a claim whose request died before storing does not swallow the partner's retry", async () => {
    const t = await createTenant();
    const { secret } = await createSource(t);
    const inbox = env.WEBHOOK_INBOX.getByName(`${t.id}:nexus`);
    // The first delivery claimed the id, then died before the event was held anywhere (a claim from before events were held in the inbox).
    await inbox.count();
    await runInDurableObject(
      inbox,
      (_obj, state) => void state.storage.sql.exec("INSERT INTO claims (event_id, claimed_at) VALUES ('msg_crashed', ?)", Date.now()),
    );
    const payload = {
      type: "drawing.revision_requested",
      data: { drawing_id: "DWG-9", revision_reason: "r", requested_changes: [{ type: "annotation_change" }] },
    };
    const retry = await data<{ duplicate: boolean; event_id: string }>(postEvent(t, "nexus", secret, payload, { id: "msg_crashed" }), 202);
    expect(retry.duplicate).toBe(false);
    await waitForEvent(t, retry.event_id, "processed");
    // From here on it is a plain duplicate.
    expect((await data<{ duplicate: boolean }>(postEvent(t, "nexus", secret, payload, { id: "msg_crashed" }))).duplicate).toBe(true);
    expect(await stored(t)).toBe(1);
    expect(await rows(t, "select revision from partner_records where tenant_id = ?", t.id)).toEqual([{ revision: 1 }]);
  });

  it("a claim whose request died after storing but before confirming answers the retry as a duplicate", async () => {
    const t = await createTenant();
    const source = await createSource(t);
    const inbox = env.WEBHOOK_INBOX.getByName(`${t.id}:nexus`);
    const payload = { type: "customer.project_created", data: { project_id: "P-9", customer_id: "C-9", project_name: "Dock" } };
    await inbox.count();
    await runInDurableObject(
      inbox,
      (_obj, state) => void state.storage.sql.exec("INSERT INTO claims (event_id, claimed_at) VALUES ('msg_stored', ?)", Date.now()),
    );
    await insertInboundEvent(await scopeFor(t.id), {
      id: crypto.randomUUID(),
      source_id: source.id,
      source: "nexus",
      external_id: "msg_stored",
      type: payload.type,
      payload,
      received_at: Date.now(),
    });
    expect((await data<{ duplicate: boolean }>(postEvent(t, "nexus", source.secret, payload, { id: "msg_stored" }))).duplicate).toBe(true);
    expect(await stored(t)).toBe(1);
    expect((await data<{ duplicate: boolean }>(postEvent(t, "nexus", source.secret, payload, { id: "msg_stored" }))).duplicate).toBe(true);
  });

  it("an accepted event's queue message consumed 10 times at once is stored once and applies its effect once", async () => {
    const t = await createTenant();
    const source = await createSource(t);
    const payload = { type: "drawing.revision_requested", drawing_id: "DWG-8", revision_reason: "r", requested_changes: [{ type: "annotation_change" }] };
    const message = {
      kind: "webhook.ingest",
      tenant_id: t.id,
      event_id: crypto.randomUUID(),
      source: "nexus",
      source_id: source.id,
      external_id: "m8",
      type: payload.type,
      received_at: Date.now(),
      payload,
    } as const;
    await Promise.all(Array.from({ length: 10 }, () => ingestInboundEvent(message, env)));
    expect(await stored(t)).toBe(1);
    expect(await rows(t, "select revision from partner_records where tenant_id = ?", t.id)).toEqual([{ revision: 1 }]);
    expect(await rows(t, "select count(*) as n from webhook_effects where tenant_id = ?", t.id)).toEqual([{ n: 1 }]);
    expect((await data<EventView>(t.owner.get(`/api/v1/webhooks/events/${message.event_id}`))).status).toBe("processed");
  });

  it("a payload too large for a queue message is read back from the inbox", async () => {
    const t = await createTenant();
    const { secret } = await createSource(t);
    const payload = { type: "customer.project_created", data: { project_id: "P-big", customer_id: "C-1", project_name: "Tower", notes: "x".repeat(100_000) } };
    const res = await data<{ event_id: string }>(postEvent(t, "nexus", secret, payload), 202);
    await waitForEvent(t, res.event_id, "processed");
    const detail = await data<{ payload: { data: { notes: string } } }>(t.owner.get(`/api/v1/webhooks/events/${res.event_id}`));
    expect(detail.payload.data.notes).toHaveLength(100_000);
  });

  it("a queue message consumed 10 times at once applies its effect once", async () => {
    const t = await createTenant();
    const source = await createSource(t);
    const scope = await scopeFor(t.id);
    const id = crypto.randomUUID();
    const payload = { type: "drawing.revision_requested", drawing_id: "DWG-7", revision_reason: "r", requested_changes: [{ type: "annotation_change" }] };
    await insertInboundEvent(scope, { id, source_id: source.id, source: "nexus", external_id: "m7", type: payload.type, payload, received_at: Date.now() });
    const message = { kind: "webhook.process", tenant_id: t.id, event_id: id } as const;
    await Promise.all(Array.from({ length: 10 }, () => processInboundEvent(message, env)));
    expect(await rows(t, "select revision from partner_records where tenant_id = ?", t.id)).toEqual([{ revision: 1 }]);
    expect(await rows(t, "select count(*) as n from webhook_effects where tenant_id = ?", t.id)).toEqual([{ n: 1 }]);
    expect((await data<EventView>(t.owner.get(`/api/v1/webhooks/events/${id}`))).status).toBe("processed");
  });

  it("an update that arrives before its request is retried until the request is there", async () => {
    const t = await createTenant();
    const { secret } = await createSource(t);
    const update = { event: "quote.updated", quote_id: "Q-2025-001", revision_number: 2, changes: { frame_width: { old: 1870, new: 1900 } } };
    const res = await data<{ event_id: string }>(postEvent(t, "nexus", secret, update), 202);
    const retrying = await waitForEvent(t, res.event_id, "retrying");
    expect(retrying.last_error).toContain("Q-2025-001");
    await data(postEvent(t, "nexus", secret, { event: "quote.requested", quote_id: "Q-2025-001", quantity: 5 }), 202);
    const done = await waitForEvent(t, res.event_id, "processed");
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    const [record] = await rows<{ status: string; revision: number }>(
      t,
      "select status, revision from partner_records where tenant_id = ? and kind = 'quote'",
      t.id,
    );
    expect(record).toEqual({ status: "updated", revision: 2 });
  });

  it("a handler that keeps failing is retried by priority, dead-lettered, then replayed successfully once fixed", async () => {
    const t = await createTenant();
    const { secret } = await createSource(t);
    // A status update for an order we have not heard of fails until the order exists (medium: 3 attempts).
    const res = await data<{ event_id: string }>(
      postEvent(t, "nexus", secret, { type: "manufacturing.status_update", data: { order_id: "MO-1", status: "cutting" } }),
      202,
    );
    const dead = await waitForEvent(t, res.event_id, "dead", 25_000);
    expect(dead.attempts).toBe(3);
    const [letter] = await data<{ id: string; ref_id: string; attempts: number; direction: string; event_type: string }[]>(t.owner.get("/api/v1/webhooks/dlq"));
    expect(letter).toMatchObject({ ref_id: res.event_id, attempts: 3, direction: "inbound", event_type: "manufacturing.status_update" });

    await data(postEvent(t, "nexus", secret, { type: "manufacturing.order_created", data: { order_id: "MO-1" } }), 202);
    await expectError(t.owner.post(`/api/v1/webhooks/dlq/${crypto.randomUUID()}/retry`), 404, "NOT_FOUND");
    expect((await data<{ resolution_status: string }>(t.owner.post(`/api/v1/webhooks/dlq/${letter.id}/retry`), 202)).resolution_status).toBe("retried");
    await expectError(t.owner.post(`/api/v1/webhooks/dlq/${letter.id}/retry`), 409, "CONFLICT", "resolution_status");
    await waitForEvent(t, res.event_id, "processed");
    expect(await rows(t, "select status from partner_records where tenant_id = ? and kind = 'manufacturing_order'", t.id)).toEqual([{ status: "cutting" }]);
    await expectError(t.owner.post(`/api/v1/webhooks/events/${res.event_id}/replay`), 409, "CONFLICT", "status");
  });

  it("an invalid payload fails with its reason, is not retried, and emits validation.failed", async () => {
    const t = await createTenant();
    const { secret } = await createSource(t);
    const res = await data<{ event_id: string }>(postEvent(t, "nexus", secret, { type: "quote.approved", data: { quote_id: "Q-1" } }, { id: "msg_bad" }), 202);
    const failed = await waitForEvent(t, res.event_id, "failed");
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toContain("approved_by");
    const notices = await rows<{ type: string; payload: string }>(t, "select type, payload from outbound_events where tenant_id = ?", t.id);
    expect(notices.map((n) => n.type)).toEqual(["validation.failed"]);
    expect(JSON.parse(notices[0].payload)).toMatchObject({
      source: "nexus",
      event_id: "msg_bad",
      event_type: "quote.approved",
      errors: [{ field: "approved_by" }],
    });

    const unknown = await data<{ event_id: string }>(postEvent(t, "nexus", secret, { type: "pizza.ordered", data: {} }), 202);
    expect((await waitForEvent(t, unknown.event_id, "failed")).last_error).toContain("pizza.ordered");
  });

  it("lists, shows, counts and replays events", async () => {
    const t = await createTenant();
    const { secret } = await createSource(t);
    const ok = await data<{ event_id: string }>(
      postEvent(t, "nexus", secret, { type: "customer.project_created", data: { project_id: "P-1", customer_id: "C-1", project_name: "Tower" } }),
      202,
    );
    const bad = await data<{ event_id: string }>(
      postEvent(t, "nexus", secret, { type: "customer.portal_access_requested", data: { customer_id: "C-1", email: "nope" } }),
      202,
    );
    await waitForEvent(t, ok.event_id, "processed");
    await waitForEvent(t, bad.event_id, "failed");

    const failed = await data<EventView[]>(t.owner.get("/api/v1/webhooks/events?status=failed"));
    expect(failed.map((e) => e.id)).toEqual([bad.event_id]);
    const detail = await data<{ payload: { data: { project_name: string } } }>(t.owner.get(`/api/v1/webhooks/events/${ok.event_id}`));
    expect(detail.payload.data.project_name).toBe("Tower");
    await expectError(t.owner.get("/api/v1/webhooks/events?status=weird"), 400, "VALIDATION_ERROR", "status");

    const stats = await data<{ inbound: { by_status: Record<string, number>; by_type: Record<string, Record<string, number>> } }>(
      t.owner.get("/api/v1/webhooks/stats"),
    );
    expect(stats.inbound.by_status).toEqual({ processed: 1, failed: 1 });
    expect(stats.inbound.by_type["customer.project_created"]).toEqual({ processed: 1 });

    // A failed event can be replayed (it fails again the same way).
    await data(t.owner.post(`/api/v1/webhooks/events/${bad.event_id}/replay`), 202);
    await waitForEvent(t, bad.event_id, "failed");
    expect(await rows(t, "select count(*) as n from outbound_events where tenant_id = ? and type = 'validation.failed'", t.id)).toEqual([{ n: 2 }]);
  });

  it("discards a dead letter with a note", async () => {
    const t = await createTenant();
    const { secret } = await createSource(t);
    const res = await data<{ event_id: string }>(
      postEvent(t, "nexus", secret, { type: "customer.portal_access_requested", data: { customer_id: "C-1", email: "a@b.test" } }),
      202,
    );
    await waitForEvent(t, res.event_id, "processed");
    // Make a dead letter the quick way: a low-priority event about an unknown order dies after 2 attempts.
    const qc = {
      type: "manufacturing.qc_checkpoint",
      data: { order_id: "MO-X", checkpoint_id: "QC-1", checkpoint_stage: "Frame", checks: [{ check_id: "c1", status: "pass" }], overall_status: "pass" },
    };
    const dying = await data<{ event_id: string }>(postEvent(t, "nexus", secret, qc), 202);
    await waitForEvent(t, dying.event_id, "dead", 40_000);
    const [letter] = await data<{ id: string }[]>(t.owner.get("/api/v1/webhooks/dlq?status=pending"));
    await expectError(t.owner.post(`/api/v1/webhooks/dlq/${letter.id}/discard`, {}), 400, "VALIDATION_ERROR", "note");
    const discarded = await data<{ resolution_status: string; resolution_note: string }>(
      t.owner.post(`/api/v1/webhooks/dlq/${letter.id}/discard`, { note: "order cancelled at the partner" }),
    );
    expect(discarded).toMatchObject({ resolution_status: "discarded", resolution_note: "order cancelled at the partner" });
    expect((await data<EventView>(t.owner.get(`/api/v1/webhooks/events/${dying.event_id}`))).status).toBe("discarded");
  }, 60_000);
});
