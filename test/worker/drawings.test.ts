import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { configurationCoordinator } from "../../durable-objects/stubs.ts";
import { openDb } from "../../worker/db/client.ts";
import { insertDrawingRequest } from "../../worker/db/drawings.ts";
import { signLink } from "../../worker/drawings/links.ts";
import { STRANDED_AFTER_MS, sweepDrawingRequests } from "../../worker/drawings/sweep.ts";
import { storeDocument } from "../../worker/drawings/store.ts";
import { baseCabinet } from "../unit/products/configs.ts";
import { door } from "./fixtures.ts";
import { type Client, createTenant, data, expectError, expectStatus, registerCustomer, type TestTenant, tenantDb, scopeFor } from "./helpers.ts";
import { userWithRole } from "./shop-fixture.ts";
import { createSource, postEvent, rows, waitForEvent } from "./webhook-helpers.ts";

type Created = { id: string; request_number: string; status: string; tracking_url: string };
type Request = Created & { progress: number; error_code: string | null; drawing_ids: string[] };
type Drawing = { id: string; drawing_number: string; drawing_type: string; revision: string; status: string; scale: string; sheet: string; formats: string[] };
type Revision = { revision: string; status: string; reason: string; changes: string[] };

const REQUEST = { drawing_types: ["elevation", "plan", "section"], scale: "auto", sheet: "A3", formats: ["pdf", "svg", "dxf"] };

async function doorConfiguration(c: Client, productId: string) {
  return (await data<{ id: string }>(c.post("/api/v1/configurations", { product_id: productId, config: door }), 201)).id;
}

async function completed(c: Client, created: Created) {
  await vi.waitFor(async () => expect((await data<Request>(c.get(created.tracking_url))).status).toBe("completed"), { timeout: 20_000, interval: 100 });
  return data<Request>(c.get(created.tracking_url));
}

/** Follows /download's redirect to the signed link; returns the link and the response to it. */
async function download(c: Client, drawingId: string, query: string) {
  const redirect = await expectStatus(c.get(`/api/v1/drawings/${drawingId}/download?${query}`, { redirect: "manual" }), 302);
  const link = redirect.headers.get("location")!;
  expect(link).toMatch(new RegExp(`^/api/v1/drawings/${drawingId}/file\\?`));
  return { link, res: await c.get(link) };
}

describe("drawings", () => {
  let t: TestTenant;
  let productId: string;
  let configurationId: string;
  let drawings: Drawing[];

  beforeAll(async () => {
    t = await createTenant();
    productId = (await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door" }), 201)).id;
    configurationId = await doorConfiguration(t.owner, productId);
    const created = await data<Created>(
      t.owner.post("/api/v1/drawings/requests", { configuration_id: configurationId, ...REQUEST, project_reference: "Dock 4" }),
      201,
    );
    expect(created.request_number).toMatch(new RegExp(`^DR-${new Date().getUTCFullYear()}-0001$`));
    expect(created.status).toBe("pending");
    const request = await completed(t.owner, created);
    expect(request.progress).toBe(100);
    drawings = (await data<Drawing[]>(t.owner.get(`/api/v1/drawings?configuration_id=${configurationId}`))).sort((a, b) =>
      a.drawing_number.localeCompare(b.drawing_number),
    );
    expect(request.drawing_ids.sort()).toEqual(drawings.map((d) => d.id).sort());
  }, 60_000);

  it("a request makes one numbered drawing per type, revision A, its files stored under versioned keys", async () => {
    expect(drawings.map((d) => [d.drawing_number, d.drawing_type, d.revision, d.status, d.sheet])).toEqual([
      ["SPW600E-ELV-001", "elevation", "A", "current", "A3"],
      ["SPW600E-PLN-001", "plan", "A", "current", "A3"],
      ["SPW600E-SEC-001", "section", "A", "current", "A3"],
    ]);
    // "auto" resolved to the scale the sheet was drawn at.
    for (const d of drawings) expect(d.scale).toMatch(/^1:\d+$/);
    const keys = (await env.FILES.list({ prefix: `t/${t.id}/documents/drawing/` })).objects.map((o) => o.key).sort();
    expect(keys).toEqual(drawings.flatMap((d) => ["dxf", "pdf", "svg"].map((ext) => `t/${t.id}/documents/drawing/${d.drawing_number}/A.${ext}`)));
    const docs = await rows<{ sha256: string; r2_key: string; size: number }>(t, "select sha256, r2_key, size from documents where tenant_id = ?", t.id);
    expect(docs).toHaveLength(9);
    for (const doc of docs) {
      const object = (await env.FILES.get(doc.r2_key))!;
      const bytes = new Uint8Array(await object.arrayBuffer());
      expect(bytes.length).toBe(doc.size);
      const sha = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
      expect(sha).toBe(doc.sha256);
    }
    const [generated] = await rows<{ payload: string }>(t, "select payload from outbound_events where tenant_id = ? and type = 'drawings.generated'", t.id);
    expect(
      JSON.parse(generated.payload)
        .drawings.map((d: { drawing_id: string }) => d.drawing_id)
        .sort(),
    ).toEqual(drawings.map((d) => d.id).sort());
    // Two drawings stored before the last: one progress update recorded, the second held back by the 5 s window.
    expect(await rows(t, "select type from outbound_events where tenant_id = ? and type = 'drawing.progress_update'", t.id)).toHaveLength(1);
  });

  it("finds a drawing by id and by number, and lists by type", async () => {
    const elevation = drawings[0];
    expect(await data<Drawing>(t.owner.get(`/api/v1/drawings/${elevation.id}`))).toMatchObject({ drawing_number: "SPW600E-ELV-001" });
    expect((await data<Drawing>(t.owner.get("/api/v1/drawings/by-number/SPW600E-PLN-001"))).id).toBe(drawings[1].id);
    expect((await data<Drawing[]>(t.owner.get("/api/v1/drawings?drawing_type=section"))).map((d) => d.id)).toEqual([drawings[2].id]);
    await expectError(t.owner.get("/api/v1/drawings/by-number/SPW600E-ELV-999"), 404, "NOT_FOUND");
  });

  it("downloads each format through a link signed for the caller, and audits it", async () => {
    const elevation = drawings[0];
    const pdf = await download(t.owner, elevation.id, "format=pdf");
    expect(pdf.res.status).toBe(200);
    expect(pdf.res.headers.get("content-type")).toBe("application/pdf");
    expect(new TextDecoder().decode((await pdf.res.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    const dxf = await download(t.owner, elevation.id, "format=dxf");
    const dxfText = await dxf.res.text();
    expect(dxfText).toContain("$INSUNITS");
    expect(dxfText).toContain("SPW600E-ELV-001");
    const svg = await (await download(t.owner, elevation.id, "format=svg")).res.text();
    expect(svg).toMatch(/^<svg|<\?xml/);
    const audited = await rows<{ action: string; target_id: string }>(
      t,
      "select action, target_id from audit_log where tenant_id = ? and action = 'drawing.downloaded'",
      t.id,
    );
    expect(audited.length).toBeGreaterThanOrEqual(3);
    expect(audited.every((a) => a.target_id === elevation.id)).toBe(true);
  });

  it("a tampered, expired or other user's link is refused (403) and serves nothing", async () => {
    const { link } = await download(t.owner, drawings[0].id, "format=pdf");
    const url = new URL(link, "http://x");
    const audits = async () => (await rows(t, "select id from audit_log where tenant_id = ? and action = 'drawing.downloaded'", t.id)).length;
    const before = await audits();
    // Another revision, document or expiry under the same signature.
    for (const [name, value] of [
      ["revision", "B"],
      ["expires", String(Number(url.searchParams.get("expires")) + 60_000)],
      ["signature", `${url.searchParams.get("signature")!.slice(0, -2)}AA`],
    ]) {
      const tampered = new URL(url);
      tampered.searchParams.set(name, value);
      await expectError(t.owner.get(tampered.pathname + tampered.search), 403, "FORBIDDEN");
    }
    // The same link in another staff member's hands.
    const staff = await userWithRole(t, "staff");
    await expectError(staff.get(link), 403, "FORBIDDEN");
    // A correctly signed link whose time has passed.
    const owner = await data<{ user: { id: string } }>(t.owner.get("/api/v1/me"));
    const expired = new URL(url);
    const expires = Date.now() - 1000;
    expired.searchParams.set("expires", String(expires));
    expired.searchParams.set(
      "signature",
      await signLink(env, { tenantId: t.id, documentId: url.searchParams.get("document")!, revision: "A", expires, holder: `user:${owner.user.id}` }),
    );
    const late = await expectError(t.owner.get(expired.pathname + expired.search), 403, "FORBIDDEN");
    expect(late.error.message).toContain("expired");
    expect(await audits()).toBe(before);
  });

  it("refuses bad input, naming the field", async () => {
    const post = (body: Record<string, unknown>) => t.owner.post("/api/v1/drawings/requests", { configuration_id: configurationId, ...REQUEST, ...body });
    await expectError(post({ drawing_types: ["isometric"] }), 422, "UNPROCESSABLE_ENTITY", "drawing_types");
    await expectError(post({ scale: "1:3" }), 422, "UNPROCESSABLE_ENTITY", "scale");
    await expectError(post({ sheet: "A7" }), 422, "UNPROCESSABLE_ENTITY", "sheet");
    await expectError(post({ formats: ["dwg"] }), 422, "UNPROCESSABLE_ENTITY", "formats");
    await expectError(post({ quote_id: "q" }), 422, "UNPROCESSABLE_ENTITY", "configuration_id");
    // A 2235 mm door at 1:1 fits no sheet: refused with the scale that would fit.
    const fit = await expectError(post({ scale: "1:1", sheet: "A4" }), 422, "UNPROCESSABLE_ENTITY", "scale");
    expect(fit.error.details[0].value).toMatchObject({ requested: "1:1", suggested_scale: expect.stringMatching(/^1:\d+$/) });
    expect(fit.error.message).toMatch(/Try scale 1:\d+/);
    // Another tenant's configuration and quote look like none.
    const other = await createTenant();
    const theirs = await doorConfiguration(
      other.owner,
      (await data<{ id: string }>(other.owner.post("/api/v1/products", { name: "D", generator_key: "spw600e-door" }), 201)).id,
    );
    await expectError(post({ configuration_id: theirs }), 404, "NOT_FOUND");
    const theirQuote = await data<{ id: string }>(other.owner.post("/api/v1/quotes", { items: [{ configuration_id: theirs, quantity: 1 }] }), 201);
    await expectError(t.owner.post("/api/v1/drawings/requests", { quote_id: theirQuote.id, ...REQUEST }), 404, "NOT_FOUND");
    await expectError(other.owner.get(`/api/v1/drawings/${drawings[0].id}`), 404, "NOT_FOUND");
    await expectError(other.owner.get("/api/v1/drawings/by-number/SPW600E-ELV-001"), 404, "NOT_FOUND");
    // Nothing was accepted.
    expect(await rows(t, "select id from drawing_requests where tenant_id = ?", t.id)).toHaveLength(1);
  });

  it("a cancelled request never produces files; a finished one cannot be cancelled", async () => {
    const scope = await scopeFor(t.id);
    // Made directly (no queue message), so the cancel surely comes before the run.
    const id = await insertDrawingRequest(scope, {
      configuration_id: configurationId,
      quote_id: null,
      owner_user_id: null,
      customer_id: null,
      guest_session_hash: null,
      created_by: null,
      body: { drawing_types: ["plan"], scale: "auto", sheet: "A3", formats: ["pdf"], project_reference: null, notes: null },
    });
    expect((await data<Request>(t.owner.delete(`/api/v1/drawings/requests/${id}`))).status).toBe("cancelled");
    expect(await configurationCoordinator(env, scope, configurationId).runDrawingRequest(t.id, id)).toBeNull();
    expect((await data<Request>(t.owner.get(`/api/v1/drawings/requests/${id}`))).status).toBe("cancelled");
    expect(await rows(t, "select id from drawings where tenant_id = ? and request_id = ?", t.id, id)).toEqual([]);
    await expectError(t.owner.delete(`/api/v1/drawings/requests/${id}`), 409, "CONFLICT", "status");
  });

  it("a generator failure ends the request failed with the engine's code, its drawings never issued", async () => {
    const scope = await scopeFor(t.id);
    // Made directly, past the API's checks, as if the input had changed under the request.
    const request = (configuration_id: string, scale: string, sheet: string) =>
      insertDrawingRequest(scope, {
        configuration_id,
        quote_id: null,
        owner_user_id: null,
        customer_id: null,
        guest_session_hash: null,
        created_by: null,
        body: { drawing_types: ["plan"], scale, sheet, formats: ["pdf"], project_reference: null, notes: null },
      });
    const run = (configuration_id: string, id: string) => configurationCoordinator(env, scope, configuration_id).runDrawingRequest(t.id, id);

    // The saved configuration no longer passes its product's rules: refused before anything is numbered, not retried.
    const broken = await doorConfiguration(t.owner, productId);
    await (await tenantDb(t.id)).prepare("update configurations set config = json_set(config, '$.frame_width', 10) where id = ?").bind(broken).run();
    const invalid = await request(broken, "auto", "A3");
    expect(await run(broken, invalid)).toBeNull();
    expect(await data<Request>(t.owner.get(`/api/v1/drawings/requests/${invalid}`))).toMatchObject({
      status: "failed",
      error_code: "VALIDATION_ERROR",
      drawing_ids: [],
    });
    expect(await rows(t, "select id from drawings where tenant_id = ? and request_id = ?", t.id, invalid)).toEqual([]);

    // The sheet cannot hold the view: the drawing was numbered (numbers stay gapless), then failed, never issued.
    const tooBig = await request(configurationId, "1:1", "A4");
    expect(await run(configurationId, tooBig)).toBeNull();
    expect(await data<Request>(t.owner.get(`/api/v1/drawings/requests/${tooBig}`))).toMatchObject({
      status: "failed",
      error_code: "view_does_not_fit",
      drawing_ids: [],
    });
    const [numbered] = await rows<{ id: string; status: string; drawing_number: string }>(
      t,
      "select id, status, drawing_number from drawings where tenant_id = ? and request_id = ?",
      t.id,
      tooBig,
    );
    expect(numbered).toMatchObject({ status: "failed", drawing_number: "SPW600E-PLN-002" });
    await expectError(t.owner.get(`/api/v1/drawings/${numbered.id}`), 404, "NOT_FOUND");
    expect(await env.FILES.list({ prefix: `t/${t.id}/documents/drawing/SPW600E-PLN-002/` })).toMatchObject({ objects: [] });
  });

  it("revisions: the next letter, the previous superseded and kept, its files stored beside the old ones", async () => {
    const plan = drawings[1];
    const b = await data<Revision>(t.owner.post(`/api/v1/drawings/${plan.id}/revisions`, { reason: "Threshold lowered", changes: ["threshold"] }), 201);
    expect(b).toMatchObject({ revision: "B", status: "current", reason: "Threshold lowered", changes: ["threshold"] });
    expect((await data<Drawing>(t.owner.get(`/api/v1/drawings/${plan.id}`))).revision).toBe("B");
    expect((await data<Revision[]>(t.owner.get(`/api/v1/drawings/${plan.id}/revisions`))).map((r) => [r.revision, r.status])).toEqual([
      ["A", "superseded"],
      ["B", "current"],
    ]);
    // The sheet's revision table lists both; revision A's files are still there.
    const svgB = await (await download(t.owner, plan.id, "format=svg")).res.text();
    expect(svgB).toContain("Threshold lowered");
    expect(svgB).toContain("First issue");
    const svgA = await (await download(t.owner, plan.id, "format=svg&revision=A")).res.text();
    expect(svgA).not.toContain("Threshold lowered");
    const keys = (await env.FILES.list({ prefix: `t/${t.id}/documents/drawing/${plan.drawing_number}/` })).objects.map((o) => o.key);
    expect(keys.filter((k) => k.includes("/B."))).toHaveLength(3);
    expect(keys.filter((k) => k.includes("/A."))).toHaveLength(3);
    // Revising the superseded revision A is refused.
    await expectError(t.owner.post(`/api/v1/drawings/${plan.id}/revisions`, { reason: "again", revision: "A" }), 409, "CONFLICT", "revision");
    const [completedEvent] = await rows<{ payload: string }>(
      t,
      "select payload from outbound_events where tenant_id = ? and type = 'drawing.revision_completed'",
      t.id,
    );
    expect(JSON.parse(completedEvent.payload)).toMatchObject({ drawing_id: plan.id, revision: "B", previous_revision: "A", changes_applied: ["threshold"] });
  });

  it("a partner's drawing.revision_requested revises our drawing exactly once", async () => {
    const section = drawings[2];
    const { secret } = await createSource(t, { name: "partner-cad" });
    const payload = {
      type: "drawing.revision_requested",
      data: { drawing_id: section.id, revision_reason: "Bead profile", requested_changes: [{ type: "annotation_change", field: "bead" }] },
    };
    const first = await data<{ event_id: string }>(postEvent(t, "partner-cad", secret, payload, { id: "msg_rev_1" }), 202);
    await waitForEvent(t, first.event_id, "processed");
    expect((await data<{ duplicate: boolean }>(postEvent(t, "partner-cad", secret, payload, { id: "msg_rev_1" }))).duplicate).toBe(true);
    const revisions = await data<Revision[]>(t.owner.get(`/api/v1/drawings/${section.id}/revisions`));
    expect(revisions.map((r) => [r.revision, r.status, r.reason])).toEqual([
      ["A", "superseded", "First issue"],
      ["B", "current", "Bead profile"],
    ]);
    expect(revisions[1].changes).toEqual(["annotation_change: bead"]);
  });

  it("customers see their own company's drawings only; only staff revise", async () => {
    const customer = await registerCustomer(t.host, "Cust");
    const theirs = await doorConfiguration(customer.client, productId);
    const created = await data<Created>(
      customer.client.post("/api/v1/drawings/requests", { configuration_id: theirs, ...REQUEST, drawing_types: ["plan"], formats: ["pdf"] }),
      201,
    );
    await completed(customer.client, created);
    const [own] = await data<Drawing[]>(customer.client.get("/api/v1/drawings"));
    expect(own.drawing_type).toBe("plan");
    expect((await download(customer.client, own.id, "format=pdf")).res.status).toBe(200);
    // The shop's drawings and another company's are not there for them.
    await expectError(customer.client.get(`/api/v1/drawings/${drawings[0].id}`), 404, "NOT_FOUND");
    const stranger = await registerCustomer(t.host, "Other");
    await expectError(stranger.client.get(`/api/v1/drawings/${own.id}`), 404, "NOT_FOUND");
    await expectError(stranger.client.get(`/api/v1/drawings/requests/${created.id}`), 404, "NOT_FOUND");
    expect(await data<Drawing[]>(stranger.client.get("/api/v1/drawings"))).toEqual([]);
    await expectError(customer.client.post(`/api/v1/drawings/${own.id}/revisions`, { reason: "mine" }), 403, "FORBIDDEN");
    // Staff see and revise it.
    expect((await data<Revision>(t.owner.post(`/api/v1/drawings/${own.id}/revisions`, { reason: "Checked" }), 201)).revision).toBe("B");
  });

  it("a quote's request draws each configured item, on the quote's coordinator, and lists by quote", async () => {
    const second = await doorConfiguration(t.owner, productId);
    const quote = await data<{ id: string }>(t.owner.post("/api/v1/quotes", { items: [{ configuration_id: second, quantity: 2 }] }), 201);
    const created = await data<Created>(
      t.owner.post("/api/v1/drawings/requests", { quote_id: quote.id, ...REQUEST, drawing_types: ["section"], formats: ["dxf"] }),
      201,
    );
    const request = await completed(t.owner, created);
    const byQuote = await data<(Drawing & { configuration_id: string; quote_id: string })[]>(t.owner.get(`/api/v1/drawings?quote_id=${quote.id}`));
    expect(byQuote.map((d) => [d.id, d.configuration_id, d.quote_id, d.drawing_type, d.formats])).toEqual([
      [request.drawing_ids[0], second, quote.id, "section", ["dxf"]],
    ]);
  });

  it("a newer drawing of the same configuration and type supersedes the older one", async () => {
    const created = await data<Created>(
      t.owner.post("/api/v1/drawings/requests", { configuration_id: configurationId, ...REQUEST, drawing_types: ["elevation"] }),
      201,
    );
    const [newer] = (await completed(t.owner, created)).drawing_ids;
    expect((await data<Drawing>(t.owner.get(`/api/v1/drawings/${newer}`))).drawing_number).toBe("SPW600E-ELV-002");
    expect((await data<Drawing>(t.owner.get(`/api/v1/drawings/${drawings[0].id}`))).status).toBe("superseded");
    expect((await data<Drawing[]>(t.owner.get("/api/v1/drawings?status=superseded&drawing_type=elevation"))).map((d) => d.id)).toEqual([drawings[0].id]);
    await expectError(t.owner.post(`/api/v1/drawings/${drawings[0].id}/revisions`, { reason: "old" }), 409, "CONFLICT", "id");
  });

  it("the document store keeps bytes it holds once, and never overwrites a version", async () => {
    const scope = await scopeFor(t.id);
    const bytes = new TextEncoder().encode(`same bytes ${crypto.randomUUID()}`);
    const put = (number: string, data: Uint8Array) =>
      storeDocument(env, scope, { kind: "test", number, rev: "A", ext: "txt", content_type: "text/plain", bytes: data });
    await (await put("T-1", bytes)).statement;
    await (await put("T-2", bytes)).statement;
    const stored = await rows<{ number: string; r2_key: string }>(
      t,
      "select number, r2_key from documents where tenant_id = ? and kind = 'test' order by number",
      t.id,
    );
    expect(stored.map((d) => d.r2_key)).toEqual([`t/${t.id}/documents/test/T-1/A.txt`, `t/${t.id}/documents/test/T-1/A.txt`]);
    expect(await env.FILES.head(`t/${t.id}/documents/test/T-2/A.txt`)).toBeNull();
    // Other bytes under a version already stored: the stored object stays, the row describes it.
    await put("T-1", new TextEncoder().encode("other bytes"));
    expect(new TextDecoder().decode(await (await env.FILES.get(`t/${t.id}/documents/test/T-1/A.txt`))!.arrayBuffer())).toBe(new TextDecoder().decode(bytes));
  });

  it("request and drawing numbers stay gapless when requests run at the same time", async () => {
    const shop = await createTenant();
    const product = (await data<{ id: string }>(shop.owner.post("/api/v1/products", { name: "D", generator_key: "spw600e-door" }), 201)).id;
    const configurations = await Promise.all([1, 2, 3, 4].map(() => doorConfiguration(shop.owner, product)));
    const created = await Promise.all(
      configurations.map(async (configuration_id) =>
        data<Created>(shop.owner.post("/api/v1/drawings/requests", { configuration_id, ...REQUEST, drawing_types: ["plan"], formats: ["svg"] }), 201),
      ),
    );
    const year = new Date().getUTCFullYear();
    expect(created.map((c) => c.request_number).sort()).toEqual([1, 2, 3, 4].map((n) => `DR-${year}-000${n}`));
    await Promise.all(created.map((c) => completed(shop.owner, c)));
    const numbers = (await data<Drawing[]>(shop.owner.get("/api/v1/drawings"))).map((d) => d.drawing_number).sort();
    expect(numbers).toEqual(["SPW600E-PLN-001", "SPW600E-PLN-002", "SPW600E-PLN-003", "SPW600E-PLN-004"]);
  });

  it("draws the door's details at their own scale and a cabinet's elevation, plan and section; a type the product lacks or a sheet too small is a 422", async () => {
    const u = await createTenant();
    const doorProduct = (await data<{ id: string }>(u.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201)).id;
    const doorId = await doorConfiguration(u.owner, doorProduct);
    const cabinetProduct = (await data<{ id: string }>(u.owner.post("/api/v1/products", { name: "Cabinet", generator_key: "kitchen-base-cabinet" }), 201)).id;
    const cabinetId = (await data<{ id: string }>(u.owner.post("/api/v1/configurations", { product_id: cabinetProduct, config: baseCabinet }), 201)).id;
    const request = (body: Record<string, unknown>) =>
      u.owner.post("/api/v1/drawings/requests", { scale: "auto", sheet: "A3", formats: ["pdf", "dxf"], ...body });

    await expectError(request({ configuration_id: cabinetId, drawing_types: ["detail"] }), 422, "UNPROCESSABLE_ENTITY", "drawing_types");
    const small = await expectError(request({ configuration_id: doorId, drawing_types: ["detail"], sheet: "A4" }), 422, "UNPROCESSABLE_ENTITY", "sheet");
    expect(small.error.details[0].value).toMatchObject({ requested: "A4", suggested_sheet: "A3" });

    await completed(u.owner, await data<Created>(request({ configuration_id: doorId, drawing_types: ["detail", "section"] }), 201));
    await completed(u.owner, await data<Created>(request({ configuration_id: cabinetId, drawing_types: ["elevation", "plan", "section"] }), 201));
    const issued = (await data<Drawing[]>(u.owner.get("/api/v1/drawings"))).map((d) => [d.drawing_number, d.drawing_type, d.scale]).sort();
    expect(issued).toEqual([
      ["KBC-ELV-001", "elevation", expect.stringMatching(/^1:\d+$/)],
      ["KBC-PLN-001", "plan", expect.stringMatching(/^1:\d+$/)],
      ["KBC-SEC-001", "section", expect.stringMatching(/^1:\d+$/)],
      ["SPW600E-DET-001", "detail", "1:2"],
      ["SPW600E-SEC-001", "section", "1:5"],
    ]);
  }, 60_000);

  it("a request whose message was lost is queued again by the sweep, and after its attempts ends failed TIMED_OUT instead of pending forever", async () => {
    const send = vi.spyOn(env.JOBS_QUEUE, "send").mockResolvedValue(undefined as never);
    try {
      const created = await data<Created>(t.owner.post("/api/v1/drawings/requests", { configuration_id: configurationId, ...REQUEST }), 201);
      const message = { kind: "drawings.run", tenant_id: t.id, request_id: created.id, configuration_id: configurationId, quote_id: null };
      expect(send).toHaveBeenCalledWith(message);
      const strand = async (status: string, attempts: number) =>
        (await tenantDb(t.id))
          .prepare("update drawing_requests set status = ?, attempts = ?, updated_at = ? where id = ?")
          .bind(status, attempts, Date.now() - STRANDED_AFTER_MS - 1000, created.id)
          .run();
      const state = async () =>
        (
          await rows<{ status: string; attempts: number; error_code: string | null }>(
            t,
            "select status, attempts, error_code from drawing_requests where id = ?",
            created.id,
          )
        )[0];

      // Still young: left to the queue.
      send.mockClear();
      await sweepDrawingRequests(env, openDb(await tenantDb(t.id)));
      expect(send).not.toHaveBeenCalledWith(message);

      await strand("pending", 0);
      expect(await sweepDrawingRequests(env, openDb(await tenantDb(t.id)))).toBeGreaterThanOrEqual(1);
      expect(send).toHaveBeenCalledWith(message);
      expect(await state()).toMatchObject({ status: "pending", attempts: 1 });

      // A run that died on its last attempt: failed with a code, nothing sent.
      await strand("processing", 3);
      send.mockClear();
      await sweepDrawingRequests(env, openDb(await tenantDb(t.id)));
      expect(send).not.toHaveBeenCalledWith(message);
      expect(await state()).toMatchObject({ status: "failed", attempts: 3, error_code: "TIMED_OUT" });
      expect(await data<Request>(t.owner.get(created.tracking_url))).toMatchObject({ status: "failed", error_code: "TIMED_OUT" });
    } finally {
      send.mockRestore();
    }
  });
});
