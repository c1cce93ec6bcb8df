import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { tinyPng } from "./fixtures.ts";
import { createTenant, data, expectError, type TestTenant, tenantDb } from "./helpers.ts";
import { placedDoorOrder, userWithRole } from "./shop-fixture.ts";

type Photo = { id: string; checkpoint_id: string; check_id: string | null; content_type: string; size_bytes: number; sha256: string; url: string };

const LIMIT = 10 * 1024 * 1024;
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A JPEG's start (SOI, then a JFIF APP0 segment) and some bytes: what the sniffer reads. */
const jpeg = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...new TextEncoder().encode("JFIF\0"), ...new Uint8Array(64).fill(7), 0xff, 0xd9]);
const pdf = () => new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
const sha256 = async (bytes: Uint8Array<ArrayBuffer>) =>
  Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) => b.toString(16).padStart(2, "0")).join("");

describe("QC photos", () => {
  let t: TestTenant;
  let moId: string;
  let checkpointId: string;
  let photos: string;
  const upload = (body: BodyInit, type = "image/png", init: RequestInit = {}) =>
    t.owner.fetch(photos, { method: "POST", body, ...init, headers: { "content-type": type, ...init.headers } });
  const stored = async () => ({
    objects: (await env.FILES.list({ prefix: `t/${t.id}/manufacturing-orders/` })).objects.length,
    rows: (await (await tenantDb(t.id)).prepare("select count(*) as n from qc_photos where tenant_id = ?").bind(t.id).first<{ n: number }>())!.n,
  });

  beforeAll(async () => {
    t = await createTenant();
    moId = (await placedDoorOrder(t, 1)).mo.id;
    const checkpoint = await data<{ id: string }>(
      t.owner.post(`/api/v1/manufacturing-orders/${moId}/qc-checkpoints`, {
        checkpoint_stage: "Glazing",
        inspector_name: "Ann",
        checks: [
          { check_id: "bead", description: "Bead gap", status: "pass" },
          { check_id: "seal", description: "Seal seated", status: "pass" },
        ],
      }),
      201,
    );
    checkpointId = checkpoint.id;
    photos = `/api/v1/manufacturing-orders/${moId}/qc-checkpoints/${checkpointId}/photos`;
  }, 60_000);

  it("stores a real PNG in R2 under the tenant, serves it back as stored, and lists it on the MO's checkpoint", async () => {
    const png = tinyPng(8);
    const photo = await data<Photo>(upload(png, "image/png", { headers: {} }), 201);
    expect(photo).toMatchObject({
      checkpoint_id: checkpointId,
      check_id: null,
      content_type: "image/png",
      size_bytes: png.length,
      sha256: await sha256(png),
      url: `${photos}/${photo.id}`,
    });
    const object = await env.FILES.get(`t/${t.id}/manufacturing-orders/${moId}/qc-photos/${photo.id}`);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(png);

    const res = await t.owner.get(photo.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toBe("inline");
    expect(res.headers.get("cache-control")).toMatch(/^private/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);

    const mo = await data<{ qc_records: { id: string; photos: Photo[] }[] }>(t.owner.get(`/api/v1/manufacturing-orders/${moId}`));
    expect(mo.qc_records.find((r) => r.id === checkpointId)!.photos.map((p) => p.url)).toContain(photo.url);
  });

  it("takes the type from the bytes, not the header: a JPEG sent as image/png is stored and served as image/jpeg", async () => {
    const photo = await data<Photo>(upload(jpeg(), "image/png", { headers: {} }), 201);
    expect(photo.content_type).toBe("image/jpeg");
    expect((await t.owner.get(photo.url)).headers.get("content-type")).toBe("image/jpeg");
  });

  it("ties a photo to one of the checkpoint's checks; an unknown check is a 422 naming check_id", async () => {
    const photo = await data<Photo>(
      t.owner.fetch(`${photos}?check_id=seal`, { method: "POST", body: tinyPng(), headers: { "content-type": "image/png" } }),
      201,
    );
    expect(photo.check_id).toBe("seal");
    const before = await stored();
    await expectError(
      t.owner.fetch(`${photos}?check_id=frame`, { method: "POST", body: tinyPng(), headers: { "content-type": "image/png" } }),
      422,
      "UNPROCESSABLE_ENTITY",
      "check_id",
    );
    expect(await stored()).toEqual(before);
  });

  it("refuses what is not an image with 415 and stores nothing: a PDF dressed as a PNG, a text body, an empty body", async () => {
    const before = await stored();
    await expectError(upload(pdf(), "image/png"), 415, "UNSUPPORTED_MEDIA_TYPE", "body");
    await expectError(upload(pdf(), "application/octet-stream"), 415, "UNSUPPORTED_MEDIA_TYPE", "body");
    await expectError(upload("just some notes", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type");
    await expectError(upload(new Uint8Array(0)), 400, "INVALID_REQUEST", "body");
    expect(await stored()).toEqual(before);
  });

  it("refuses a photo over 10 MB with 413 and stores nothing, whether its length is declared or only counted as it streams", async () => {
    const before = await stored();
    const big = new Uint8Array(LIMIT + 1);
    big.set(PNG_MAGIC);
    await expectError(upload(big), 413, "PAYLOAD_TOO_LARGE", "body");
    // No Content-Length: the cap is met while the body is counted, 1 MB at a time.
    const chunks = 11;
    let sent = 0;
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === chunks) return controller.close();
        const chunk = new Uint8Array(1024 * 1024);
        if (sent === 0) chunk.set(PNG_MAGIC);
        sent++;
        controller.enqueue(chunk);
      },
    });
    await expectError(upload(streamed, "image/png", { duplex: "half" } as RequestInit), 413, "PAYLOAD_TOO_LARGE", "body");
    expect(await stored()).toEqual(before);
    // Exactly the cap is taken.
    const atCap = new Uint8Array(LIMIT);
    atCap.set(PNG_MAGIC);
    expect((await data<Photo>(upload(atCap), 201)).size_bytes).toBe(LIMIT);
  });

  it("a retried upload with the same Idempotency-Key and other bytes is a 409, and stores nothing", async () => {
    // Bodies alike as UTF-8 text (each invalid byte decodes to U+FFFD) but not as bytes: the key compares bytes.
    const [a, b] = [0x80, 0x81].map((last) => new Uint8Array([...PNG_MAGIC, 0xfe, last]));
    const headers = { "idempotency-key": `photo-${crypto.randomUUID()}` };
    const first = await data<Photo>(upload(a, "image/png", { headers }), 201);
    const before = await stored();
    await expectError(upload(b, "image/png", { headers }), 409, "CONFLICT", "Idempotency-Key");
    expect(await stored()).toEqual(before);
    expect(await data<Photo>(upload(a, "image/png", { headers }), 201)).toEqual(first);
  });

  it("is the shop's own: another shop gets 404 for the checkpoint and the photo; a customer is refused (403)", async () => {
    const photo = await data<Photo>(upload(tinyPng()), 201);
    const other = await createTenant();
    const before = await stored();
    // The other shop's owner, on the other shop's host, naming this shop's ids.
    await expectError(other.owner.fetch(photos, { method: "POST", body: tinyPng(), headers: { "content-type": "image/png" } }), 404, "NOT_FOUND");
    await expectError(other.owner.get(photo.url), 404, "NOT_FOUND");
    expect(await stored()).toEqual(before);
    const customer = await userWithRole(t, "customer_admin");
    await expectError(customer.fetch(photos, { method: "POST", body: tinyPng(), headers: { "content-type": "image/png" } }), 403, "FORBIDDEN");
    await expectError(customer.get(photo.url), 403, "FORBIDDEN");
    expect(await stored()).toEqual(before);
    // An unknown photo of a real checkpoint is a 404 too.
    await expectError(t.owner.get(`${photos}/${crypto.randomUUID()}`), 404, "NOT_FOUND");
  });
});
