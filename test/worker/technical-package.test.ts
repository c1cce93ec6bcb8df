import { env } from "cloudflare:workers";
import { unzipSync } from "fflate";
import { PDFDocument } from "pdf-lib";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openDb } from "../../worker/db/client.ts";
import { requestTechnicalPackage } from "../../worker/db/technical-packages.ts";
import { buildTechnicalPackage } from "../../worker/technical-package/build.ts";
import { STRANDED_AFTER_MS, sweepTechnicalPackages } from "../../worker/technical-package/sweep.ts";
import { baseCabinet } from "../unit/products/configs.ts";
import { binaryStl, boxTriangles, door } from "./fixtures.ts";
import { type Client, createTenant, data, expectError, registerCustomer, scopeFor, tenantDb, type TestTenant } from "./helpers.ts";
import { rows } from "./webhook-helpers.ts";

/**
 * The technical package of a quote (decision 50): queued, built in the
 * background, stored in the document store and downloaded through links
 * signed for the caller. The PDF's text, fonts and the DXFs are read back by
 * poppler, qpdf and ezdxf in test/unit/documents/technical-package.test.ts.
 */

type Package = { status: string; pdf_url: string | null; zip_url: string | null; error_code: string | null; retryable: boolean };

afterEach(() => void vi.restoreAllMocks());

type Row = { status: string; attempts: number; error_code: string | null; updated_at: number };
let t: TestTenant;
const rowOf = async (quoteId: string) =>
  (await rows<Row>(t, "select status, attempts, error_code, updated_at from technical_packages where quote_id = ?", quoteId))[0];
/** Puts the package back in `status` as if nothing had happened to it for longer than the sweep waits. */
const strand = (quoteId: string, status: string, attempts: number) =>
  tenantDb(t.id).then((db) =>
    db
      .prepare("update technical_packages set status = ?, attempts = ?, updated_at = ? where quote_id = ?")
      .bind(status, attempts, Date.now() - STRANDED_AFTER_MS - 1000, quoteId)
      .run(),
  );

const quoteOfDoor = async (c: Client, productId: string, title = "Riverside Lofts") => {
  const configuration = await data<{ id: string }>(c.post("/api/v1/configurations", { product_id: productId, config: door }), 201);
  return data<{ id: string; number: string }>(c.post("/api/v1/quotes", { title, items: [{ configuration_id: configuration.id, quantity: 2 }] }), 201);
};

const ready = async (c: Client, quoteId: string) => {
  let pkg: Package | undefined;
  await vi.waitFor(
    async () => {
      pkg = await data<Package>(c.get(`/api/v1/quotes/${quoteId}/technical-package`));
      expect(pkg.status).toBe("ready");
    },
    { timeout: 20_000, interval: 100 },
  );
  return pkg!;
};

const bytes = async (c: Client, url: string) => {
  const res = await c.get(url);
  expect(res.status, await res.clone().text()).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
};

describe("technical package", () => {
  let productId: string;
  beforeAll(async () => {
    t = await createTenant();
    productId = (await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door" }), 201)).id;
    await data(
      t.owner.fetch("/api/v1/tenant/production", { method: "PATCH", json: { compliance: { pas_24: "Certified, cert. 4471", bs_6375_1: "Class 600 Pa" } } }),
    );
  });

  it("compliance declarations are tenant settings: set, cleared with null, checked", async () => {
    const settings = await data<{ compliance: Record<string, string | null> }>(t.owner.get("/api/v1/tenant/production"));
    expect(settings.compliance).toEqual({ pas_24: "Certified, cert. 4471", bs_6375_1: "Class 600 Pa", secured_by_design: null });
    await expectError(
      t.owner.fetch("/api/v1/tenant/production", { method: "PATCH", json: { compliance: { pas_24: "x".repeat(201) } } }),
      400,
      "VALIDATION_ERROR",
    );
    await expectError(t.owner.fetch("/api/v1/tenant/production", { method: "PATCH", json: { compliance: { iso_9001: "yes" } } }), 400, "VALIDATION_ERROR");
  });

  it("is built when a quote with a configured item is priced; POST is a 202 whose status is polled to ready; links give the PDF and a ZIP of DXFs", async () => {
    const quote = await quoteOfDoor(t.owner, productId);
    // Automatic: pricing queued it.
    const auto = await ready(t.owner, quote.id);
    const again = await data<Package>(t.owner.post(`/api/v1/quotes/${quote.id}/technical-package`, {}), 202);
    expect(["queued", "building", "ready"]).toContain(again.status);
    const pkg = await ready(t.owner, quote.id);

    const pdf = await bytes(t.owner, pkg.pdf_url!);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe("%PDF-");
    const doc = await PDFDocument.load(pdf);
    // Cover, datasheet, the door's drawing sheets (A3), BOM and terms.
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(5);
    expect(doc.getTitle()).toBe(`Technical package ${quote.number} rev. 1`);
    expect(doc.getSubject()).toBe("Riverside Lofts");
    expect(new TextDecoder("latin1").decode(pdf)).toContain("<pdfaid:part>2</pdfaid:part>");

    const files = unzipSync(await bytes(t.owner, pkg.zip_url!));
    const names = Object.keys(files).sort();
    // Every drawing type the door offers: elevation, plan, sections A–A and B–B, and the details.
    expect(names.map((n) => n.slice(-7, -4))).toEqual(["DET", "ELV", "PLN", "SEC"]);
    for (const n of names) {
      expect(n).toMatch(new RegExp(`^${quote.number}-1-[A-Z]{3}\\.dxf$`));
      expect(new TextDecoder().decode(files[n])).toContain("$INSUNITS");
    }

    // Identical inputs: the same stored files, no second copy.
    expect(new URL(pkg.pdf_url!, "https://x").searchParams.get("document")).toBe(new URL(auto.pdf_url!, "https://x").searchParams.get("document"));
    const stored = await rows<{ n: number }>(
      t,
      "select count(*) as n from documents where tenant_id = ? and kind = 'technical_package' and number = ?",
      t.id,
      quote.number,
    );
    expect(stored[0].n).toBe(2);

    // quote.technical_data_ready links to it.
    const [event] = await rows<{ payload: string }>(t, "select payload from outbound_events where tenant_id = ? and type = 'quote.technical_data_ready'", t.id);
    expect(JSON.parse(event.payload).documents).toContainEqual({ kind: "technical_package", path: `/api/v1/quotes/${quote.id}/technical-package` });
  });

  it("a discount makes a revision: its technical data goes to partners again and its package is rebuilt for it", async () => {
    const quote = await quoteOfDoor(t.owner, productId, "Discounted lofts");
    await ready(t.owner, quote.id);
    const given = await data<{ revision: number }>(t.owner.post(`/api/v1/quotes/${quote.id}/discount`, { percent: 5, reason: "Trade customer" }));
    expect(given.revision).toBe(2);
    const pkg = await ready(t.owner, quote.id);
    expect((await PDFDocument.load(await bytes(t.owner, pkg.pdf_url!))).getTitle()).toBe(`Technical package ${quote.number} rev. 2`);
    const events = await rows<{ payload: string }>(t, "select payload from outbound_events where tenant_id = ? and type = 'quote.technical_data_ready'", t.id);
    const revisions = events.map((e) => JSON.parse(e.payload) as { quote_id: string; revision: number }).filter((e) => e.quote_id === quote.id);
    expect(revisions.map((e) => e.revision)).toEqual([1, 2]);
  });

  it("a cabinet's quote carries the cabinet's elevation, plan and section", async () => {
    const cabinet = (await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Base cabinet", generator_key: "kitchen-base-cabinet" }), 201)).id;
    const configuration = await data<{ id: string }>(t.owner.post("/api/v1/configurations", { product_id: cabinet, config: baseCabinet }), 201);
    const quote = await data<{ id: string; number: string }>(
      t.owner.post("/api/v1/quotes", { title: "Kitchen", items: [{ configuration_id: configuration.id, quantity: 1 }] }),
      201,
    );
    const pkg = await ready(t.owner, quote.id);
    const names = Object.keys(unzipSync(await bytes(t.owner, pkg.zip_url!))).sort();
    expect(names).toEqual(["ELV", "PLN", "SEC"].map((code) => `${quote.number}-1-${code}.dxf`));
  });

  it("a link is the caller's own: tampered or another user's is a 403", async () => {
    const quote = await quoteOfDoor(t.owner, productId);
    const pkg = await ready(t.owner, quote.id);
    const tampered = pkg.pdf_url!.replace(/signature=([^&]+)/, (_, s: string) => `signature=${s.slice(0, -2)}AA`);
    await expectError(t.owner.get(tampered), 403, "FORBIDDEN");
    const customer = await registerCustomer(t.host, "Linker");
    await expectError(customer.client.get(pkg.pdf_url!), 404, "NOT_FOUND");
  });

  it("a quote of uploaded parts only has none: POST is a 422 naming it, GET says none", async () => {
    const res = await t.owner.fetch("/api/v1/models?filename=part.stl", { method: "POST", body: binaryStl(boxTriangles([40, 30, 20])) });
    // Accepted at once; the analysis runs on its own, the quote need not wait for it.
    expect(res.status).toBe(202);
    const model = (await res.json<{ data: { id: string } }>()).data;
    const parts = await data<{ id: string }>(
      t.owner.post("/api/v1/quotes", { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 2 }] }),
      201,
    );
    await expectError(t.owner.post(`/api/v1/quotes/${parts.id}/technical-package`, {}), 422, "UNPROCESSABLE_ENTITY");
    expect((await data<Package>(t.owner.get(`/api/v1/quotes/${parts.id}/technical-package`))).status).toBe("none");
  });

  it("a customer gets their own company's package; another tenant's quote and another company's are 404", async () => {
    const customer = await registerCustomer(t.host, "Buyer");
    const theirs = await quoteOfDoor(customer.client, productId);
    const pkg = await ready(customer.client, theirs.id);
    expect((await bytes(customer.client, pkg.zip_url!)).length).toBeGreaterThan(100);

    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(stranger.client.get(`/api/v1/quotes/${theirs.id}/technical-package`), 404, "NOT_FOUND");
    await expectError(stranger.client.post(`/api/v1/quotes/${theirs.id}/technical-package`, {}), 404, "NOT_FOUND");

    const other = await createTenant();
    await expectError(other.owner.get(`/api/v1/quotes/${theirs.id}/technical-package`), 404, "NOT_FOUND");
    await expectError(other.owner.post(`/api/v1/quotes/${theirs.id}/technical-package`, {}), 404, "NOT_FOUND");
  });

  it("a package whose message was lost is queued again by the sweep; after its attempts it ends failed TIMED_OUT, which another POST cures", async () => {
    const quote = await quoteOfDoor(t.owner, productId, "Stranded");
    await ready(t.owner, quote.id);
    // Every message from here on is lost.
    const send = vi.spyOn(env.JOBS_QUEUE, "send").mockResolvedValue(undefined as never);
    const message = { kind: "technical_package.build", tenant_id: t.id, quote_id: quote.id };

    await strand(quote.id, "queued", 0);
    expect(await sweepTechnicalPackages(env, openDb(await tenantDb(t.id)))).toBeGreaterThanOrEqual(1);
    expect(send).toHaveBeenCalledWith(message);
    let row = await rowOf(quote.id);
    expect([row.status, row.attempts]).toEqual(["queued", 1]);
    expect(row.updated_at).toBeGreaterThan(Date.now() - 60_000);
    // Freshly queued: the next sweep leaves it to the queue.
    send.mockClear();
    await sweepTechnicalPackages(env, openDb(await tenantDb(t.id)));
    expect(send).not.toHaveBeenCalledWith(message);

    // A build that died while building was charged when it started: queued again with its count unchanged.
    await strand(quote.id, "building", 2);
    await sweepTechnicalPackages(env, openDb(await tenantDb(t.id)));
    expect(send).toHaveBeenCalledWith(message);
    row = await rowOf(quote.id);
    expect([row.status, row.attempts]).toEqual(["queued", 2]);

    // Lost once more: the third attempt is used up, so it fails for good with a code instead of building forever.
    await strand(quote.id, "queued", 2);
    send.mockClear();
    await sweepTechnicalPackages(env, openDb(await tenantDb(t.id)));
    expect(send).not.toHaveBeenCalledWith(message);
    row = await rowOf(quote.id);
    expect([row.status, row.attempts, row.error_code]).toEqual(["failed", 3, "TIMED_OUT"]);
    const failed = await data<Package>(t.owner.get(`/api/v1/quotes/${quote.id}/technical-package`));
    expect(failed).toMatchObject({ status: "failed", error_code: "TIMED_OUT", retryable: true, pdf_url: null });
    // A failed package is settled: the sweep never picks it up again.
    await (await tenantDb(t.id)).prepare("update technical_packages set updated_at = 0 where quote_id = ?").bind(quote.id).run();
    send.mockClear();
    await sweepTechnicalPackages(env, openDb(await tenantDb(t.id)));
    expect(send).not.toHaveBeenCalledWith(message);

    vi.restoreAllMocks();
    await data<Package>(t.owner.post(`/api/v1/quotes/${quote.id}/technical-package`, {}), 202);
    expect((await ready(t.owner, quote.id)).retryable).toBe(false);
  });

  it("a generator failure is retried after 1 and 2 s and fails GENERATION_FAILED (retryable); an engine refusal fails at once with its code (not retryable)", async () => {
    const quote = await quoteOfDoor(t.owner, productId, "Failing");
    await ready(t.owner, quote.id);
    const scope = await scopeFor(t.id);
    // New inputs (another title), so the build must draw and store files; storage is down.
    await (await tenantDb(t.id)).prepare("update quotes set title = 'Failing again' where id = ?").bind(quote.id).run();
    vi.spyOn(env.FILES, "put").mockRejectedValue(new Error("R2 is unavailable"));
    await requestTechnicalPackage(scope, quote.id);
    expect(await buildTechnicalPackage(env, scope, quote.id)).toBe(1);
    expect(await rowOf(quote.id)).toMatchObject({ status: "building", attempts: 1 });
    expect(await buildTechnicalPackage(env, scope, quote.id)).toBe(2);
    expect(await buildTechnicalPackage(env, scope, quote.id)).toBeNull();
    expect(await rowOf(quote.id)).toMatchObject({ status: "failed", attempts: 3, error_code: "GENERATION_FAILED" });
    expect(await data<Package>(t.owner.get(`/api/v1/quotes/${quote.id}/technical-package`))).toMatchObject({ status: "failed", retryable: true });
    vi.restoreAllMocks();

    // The product no longer accepts the saved configuration: the engine refuses, no retry.
    const [item] = await rows<{ configuration_id: string }>(t, "select configuration_id from quote_items where quote_id = ?", quote.id);
    await (await tenantDb(t.id))
      .prepare("update configurations set config = json_set(config, '$.frame_width', 9000) where id = ?")
      .bind(item.configuration_id)
      .run();
    await requestTechnicalPackage(scope, quote.id);
    expect(await buildTechnicalPackage(env, scope, quote.id)).toBeNull();
    const refused = await rowOf(quote.id);
    expect(refused.status).toBe("failed");
    expect(refused.attempts).toBe(1);
    expect(refused.error_code).not.toMatch(/^(GENERATION_FAILED|TIMED_OUT)$/);
    const pkg = await data<Package>(t.owner.get(`/api/v1/quotes/${quote.id}/technical-package`));
    expect(pkg).toMatchObject({ status: "failed", error_code: refused.error_code, retryable: false });
  });

  it("GET /quotes?configuration_id= finds the quotes a configuration is on (how the configurator finds its package), only those the caller sees", async () => {
    const customer = await registerCustomer(t.host, "Configurer");
    const configuration = await data<{ id: string }>(customer.client.post("/api/v1/configurations", { product_id: productId, config: door }), 201);
    const first = await data<{ id: string }>(customer.client.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 1 }] }), 201);
    // One package built before the others start: two objects importing the drawings' font at once is a known workerd limit.
    await ready(customer.client, first.id);
    const second = await data<{ id: string }>(customer.client.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 3 }] }), 201);
    await quoteOfDoor(customer.client, productId, "Another door");
    const listed = async (c: Client) => (await data<{ id: string }[]>(c.get(`/api/v1/quotes?configuration_id=${configuration.id}`))).map((q) => q.id);
    expect(await listed(customer.client)).toEqual([second.id, first.id]);
    expect(await listed(t.owner)).toEqual([second.id, first.id]);
    expect(await listed((await registerCustomer(t.host, "Nosy")).client)).toEqual([]);
    expect(await listed((await createTenant()).owner)).toEqual([]);
    await expectError(t.owner.get(`/api/v1/quotes?configuration_id=${"x".repeat(65)}`), 400, "VALIDATION_ERROR");
  });
});
