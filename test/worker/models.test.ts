import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { Client, createTenant, data, expectError, registerCustomer, PASSWORD, tenantDb } from "./helpers.ts";
import { asciiStl, binaryStl, boxTriangles, cubeGrid, svgRectangle } from "./fixtures.ts";

type ModelView = {
  id: string;
  status: "pending" | "analyzed" | "failed";
  filename: string;
  format: string;
  sha256: string;
  size_bytes: number;
  analysis: Record<string, unknown> | null;
  error: { code: string; message: string; buyer_message: string; hint: string } | null;
};

const upload = (c: Client, bytes: Uint8Array<ArrayBuffer>, query = "filename=part.stl") =>
  c.fetch(`/api/v1/models?${query}`, { method: "POST", body: bytes, headers: { "content-type": "application/octet-stream" } });

async function settled(c: Client, id: string): Promise<ModelView> {
  let model: ModelView | undefined;
  await vi.waitFor(
    async () => {
      model = await data<ModelView>(c.get(`/api/v1/models/${id}`));
      expect(model.status).not.toBe("pending");
    },
    { timeout: 15_000, interval: 100 },
  );
  return model!;
}

const cube = (side: number) => binaryStl(boxTriangles([side, side, side], [3, -7, 11]));

describe("POST /api/v1/models", () => {
  it("stores the file under its SHA-256 and analyses it on the queue", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const bytes = cube(10);
    const accepted = await data<ModelView>(upload(client, bytes), 202);
    expect(accepted.status).toBe("pending");
    expect(accepted.format).toBe("stl");
    expect(accepted.size_bytes).toBe(bytes.length);
    const object = await env.FILES.head(`t/${t.id}/models/${accepted.sha256}`);
    expect(object?.size).toBe(bytes.length);

    const model = await settled(client, accepted.id);
    expect(model.status).toBe("analyzed");
    expect(model.analysis).toMatchObject({ kind: "mesh", triangle_count: 12, watertight: true, shells: 1, open_edges: 0 });
    expect(model.analysis!.volume_mm3).toBeCloseTo(1000, 6);
    expect(model.analysis!.surface_area_mm2).toBeCloseTo(600, 6);
    expect((model.analysis!.bbox_mm as { size: number[] }).size).toEqual([10, 10, 10]);
    expect(await env.FILES.head(`t/${t.id}/models/${accepted.sha256}.mm.flags`)).not.toBeNull();
  });

  it("draws a thumbnail of an analysed part, served as PNG to whoever may see the part", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const accepted = await data<ModelView>(upload(client, cube(10)), 202);
    await settled(client, accepted.id);
    const res = await client.get(`/api/v1/models/${accepted.id}/thumbnail`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const png = new Uint8Array(await res.arrayBuffer());
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    // IHDR: 256 × 256, 8-bit RGBA.
    const ihdr = new DataView(png.buffer, png.byteOffset + 16, 10);
    expect([ihdr.getUint32(0), ihdr.getUint32(4), ihdr.getUint8(8), ihdr.getUint8(9)]).toEqual([256, 256, 8, 6]);
    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(stranger.client.get(`/api/v1/models/${accepted.id}/thumbnail`), 404, "NOT_FOUND");
  });

  it("draws a 2D profile's outline as its thumbnail", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const svg = await settled(client, (await data<ModelView>(upload(client, svgRectangle(100, 50), "filename=plate.svg"), 202)).id);
    const res = await client.get(`/api/v1/models/${svg.id}/thumbnail`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const png = new Uint8Array(await res.arrayBuffer());
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const ihdr = new DataView(png.buffer, png.byteOffset + 16, 10);
    expect([ihdr.getUint32(0), ihdr.getUint32(4)]).toEqual([256, 256]);
  });

  it("an identical file is stored once and its analysis reused, with the same answer as a new file", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const first = await data<ModelView>(upload(client, cube(12)), 202);
    await settled(client, first.id);
    const again = await data<ModelView>(upload(client, cube(12), "filename=copy.stl"), 202);
    expect(again.id).not.toBe(first.id);
    expect(again.status).toBe("pending");
    expect(again.sha256).toBe(first.sha256);
    const reused = await settled(client, again.id);
    expect(reused.status).toBe("analyzed");
    expect(reused.analysis).toEqual((await settled(client, first.id)).analysis);
    const listed = await env.FILES.list({ prefix: `t/${t.id}/models/` });
    expect(listed.objects.filter((o) => !/\.(flags|thumb\.png)$/.test(o.key)).map((o) => o.key)).toEqual([`t/${t.id}/models/${first.sha256}`]);
  });

  it("drops bidirectional controls from the file name, so a name cannot pose as another type", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const spoof = `invoice\u202Egpj\u2066\u200F.stl`;
    const model = await data<ModelView>(upload(client, cube(13), `filename=${encodeURIComponent(spoof)}`), 202);
    expect(model.filename).toBe("invoicegpj.stl");
    await expectError(upload(client, cube(13), `filename=${encodeURIComponent("\u202E\u202C")}`), 400, "VALIDATION_ERROR", "filename");
  });

  it("does not tell a customer that another customer uploaded the same bytes (issue 11: upload oracle)", async () => {
    const t = await createTenant();
    const alice = await registerCustomer(t.host, "Alice");
    const bob = await registerCustomer(t.host, "Bob");
    const theirs = await data<ModelView>(upload(alice.client, cube(17)), 202);
    await settled(alice.client, theirs.id);
    // Bob's answer for Alice's bytes is the answer for bytes nobody sent before: 202, pending.
    const res = await upload(bob.client, cube(17), "filename=guess.stl");
    const fresh = await upload(bob.client, cube(18), "filename=new.stl");
    expect(res.status).toBe(fresh.status);
    const [guess, unseen] = [((await res.json()) as { data: ModelView }).data, ((await fresh.json()) as { data: ModelView }).data];
    expect(res.status).toBe(202);
    expect({ status: guess.status, analysis: guess.analysis, error: guess.error }).toEqual({
      status: unseen.status,
      analysis: unseen.analysis,
      error: unseen.error,
    });
    expect((await settled(bob.client, guess.id)).status).toBe("analyzed");
  });

  it("reads inches when told, and ASCII STL and SVG as well", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const inch = await settled(client, (await data<ModelView>(upload(client, cube(1), "filename=part.stl&units=in"), 202)).id);
    expect(inch.analysis!.volume_mm3).toBeCloseTo(25.4 ** 3, 3);
    const ascii = await settled(client, (await data<ModelView>(upload(client, asciiStl(boxTriangles([2, 3, 4]))), 202)).id);
    expect(ascii.analysis!.volume_mm3).toBeCloseTo(24, 6);
    const svg = await settled(client, (await data<ModelView>(upload(client, svgRectangle(100, 50), "filename=plate.svg"), 202)).id);
    expect(svg.analysis).toMatchObject({ kind: "profile", closed_contours: 1, open_paths: 0 });
    expect(svg.analysis!.cut_length_mm).toBeCloseTo(300, 6);
    expect(svg.analysis!.net_area_mm2).toBeCloseTo(5000, 6);
  });

  it("streams a file larger than the in-memory limit through R2 and analyses it", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const bytes = binaryStl(cubeGrid(29_000, 2, 1)); // 348,000 triangles, 17.4 MB
    expect(bytes.length).toBeGreaterThan(16 * 1024 * 1024);
    const accepted = await data<ModelView>(upload(client, bytes), 202);
    const model = await settled(client, accepted.id);
    expect(model.analysis).toMatchObject({ triangle_count: 348_000, shells: 29_000, watertight: true });
    expect(model.analysis!.volume_mm3).toBeCloseTo(29_000 * 8, 3);
    const keys = (await env.FILES.list({ prefix: `t/${t.id}/` })).objects.map((o) => o.key);
    expect(keys.some((k) => k.includes("/uploads/"))).toBe(false); // the temporary copy is gone
  });

  it("a truncated STL fails with a reason that states the numbers", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const whole = cube(10);
    const truncated = whole.subarray(0, whole.length - 30);
    const model = await settled(client, (await data<ModelView>(upload(client, truncated), 202)).id);
    expect(model.status).toBe("failed");
    expect(model.error!.code).toMatch(/STL/);
    expect(model.error!.message).toMatch(/12/);
    // The customer's words beside the technical reason.
    expect(model.error!.buyer_message).toBe("The STL file is incomplete or damaged.");
    expect(model.error!.hint).toMatch(/Export the part again as STL or 3MF/);
  });

  it("refuses STEP and IGES as a raw body (they go to POST /models/cad with their mesh), whether told by the name or by the bytes", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const step = new TextEncoder().encode("ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('bracket'),'2;1');\nENDSEC;\n");
    const answers = [];
    for (const [bytes, name] of [
      [step, "bracket.step"],
      [step, "bracket.txt"],
      [cube(10), "part.IGS"],
    ] as const) {
      answers.push((await expectError(upload(client, bytes, `filename=${name}`), 415, "UNSUPPORTED_MEDIA_TYPE", "file")).error.message);
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toBe(
      "STEP and IGES files are read in your browser on the quote page, not sent on their own. Drop the file on the instant quote page, or export the part as STL or 3MF and upload that file.",
    );
  });

  describe("bad uploads are refused before anything is stored", () => {
    const cases: [string, (c: Client) => Promise<Response>, number, string, string?][] = [
      ["an empty body", (c) => upload(c, new Uint8Array(0)), 400, "INVALID_REQUEST", "body"],
      [
        "an unknown format",
        (c) => upload(c, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13]), "filename=photo.png"),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "filename",
      ],
      ["a missing filename", (c) => upload(c, cube(1), "units=mm"), 400, "VALIDATION_ERROR", "filename"],
      ["a path as filename", (c) => upload(c, cube(1), "filename=../../etc/passwd"), 400, "VALIDATION_ERROR", "filename"],
      ["unknown units", (c) => upload(c, cube(1), "filename=a.stl&units=cm"), 400, "VALIDATION_ERROR", "units"],
      [
        "no Content-Length (chunked)",
        (c) =>
          c.fetch("/api/v1/models?filename=a.stl", {
            method: "POST",
            body: new ReadableStream({
              start: (ctl) => {
                ctl.enqueue(cube(1));
                ctl.close();
              },
            }),
            headers: { "content-type": "application/octet-stream" },
          }),
        400,
        "INVALID_REQUEST",
        "Content-Length",
      ],
      [
        "a JSON body",
        (c) => c.fetch("/api/v1/models?filename=a.stl", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
    ];
    it.each(cases)("%s", async (_name, send, status, code, field) => {
      const t = await createTenant();
      const { client } = await registerCustomer(t.host);
      await expectError(send(client), status, code, field);
      expect((await env.FILES.list({ prefix: `t/${t.id}/` })).objects).toHaveLength(0);
      const n = await (await tenantDb(t.id)).prepare("select count(*) n from models where tenant_id = ?").bind(t.id).first<{ n: number }>();
      expect(n!.n).toBe(0);
    });

    it("a binary STL with more triangles than the shop allows is 413 before it is stored", async () => {
      const t = await createTenant();
      await env.DB.prepare("update tenants set settings = json_set(settings, '$.max_triangles', 100) where id = ?").bind(t.id).run();
      const { client } = await registerCustomer(t.host);
      const body = await expectError(upload(client, binaryStl(cubeGrid(10))), 413, "PAYLOAD_TOO_LARGE", "body");
      expect(body.error.message).toMatch(/120 triangles.*up to 100/);
      expect((await env.FILES.list({ prefix: `t/${t.id}/` })).objects).toHaveLength(0);
    });

    it("a file above the shop's upload limit is 413", async () => {
      const t = await createTenant();
      await env.DB.prepare("update tenants set settings = json_set(settings, '$.max_upload_bytes', 1000) where id = ?").bind(t.id).run();
      const { client } = await registerCustomer(t.host);
      const body = await expectError(upload(client, cube(1).length > 1000 ? cube(1) : binaryStl(cubeGrid(2))), 413, "PAYLOAD_TOO_LARGE", "body");
      expect(body.error.message).toMatch(/1000 bytes/);
    });
  });
});

describe("guests", () => {
  it("a guest uploads on a shop that allows it, sees only their own parts, and takes them along on sign-up", async () => {
    const t = await createTenant();
    const guest = new Client(t.host);
    const model = await data<ModelView>(upload(guest, cube(5)), 202);
    expect(guest.cookie).toMatch(/^fq_guest=/);
    await settled(guest, model.id);
    await expectError(new Client(t.host).get(`/api/v1/models/${model.id}`), 404, "NOT_FOUND");
    const other = new Client(t.host);
    await data(upload(other, cube(6)), 202);
    await expectError(other.get(`/api/v1/models/${model.id}`), 404, "NOT_FOUND");

    const email = `g-${crypto.randomUUID()}@example.test`;
    expect((await guest.post("/api/v1/auth/register", { email, password: PASSWORD, name: "Guest" })).status).toBe(202);
    expect((await guest.post("/api/v1/auth/login", { email, password: PASSWORD })).status).toBe(200);
    expect(guest.cookie).not.toContain("fq_guest"); // the guest session ends with sign-in
    const mine = await data<ModelView[]>(guest.get("/api/v1/models"));
    expect(mine.map((m) => m.id)).toEqual([model.id]);
  });

  it("a shop without guest quoting asks guests to sign in", async () => {
    const t = await createTenant();
    await env.DB.prepare("update tenants set settings = json_set(settings, '$.guest_quoting', json('false')) where id = ?").bind(t.id).run();
    await expectError(upload(new Client(t.host), cube(1)), 401, "UNAUTHORIZED");
  });

  it("a customer does not see another company's parts; staff see all", async () => {
    const t = await createTenant();
    const a = await registerCustomer(t.host, "Alpha");
    const b = await registerCustomer(t.host, "Beta");
    const model = await data<ModelView>(upload(a.client, cube(7)), 202);
    await expectError(b.client.get(`/api/v1/models/${model.id}`), 404, "NOT_FOUND");
    expect((await data<ModelView>(t.owner.get(`/api/v1/models/${model.id}`))).id).toBe(model.id);
  });
});

describe("multipart uploads", () => {
  type Upload = { id: string; part_size: number; part_count: number; parts_received: number[] };
  const putPart = (c: Client, id: string, n: number, bytes: Uint8Array<ArrayBuffer>) =>
    c.fetch(`/api/v1/models/uploads/${id}/parts/${n}`, { method: "PUT", body: bytes, headers: { "content-type": "application/octet-stream" } });

  it("a large file arrives in parts, becomes one model and is analysed", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const bytes = binaryStl(cubeGrid(29_000, 2, 1)); // 17.4 MB: three 8 MiB parts
    const upload = await data<Upload>(client.post("/api/v1/models/uploads?filename=big.stl", { size_bytes: bytes.length }), 201);
    expect(upload.part_count).toBe(Math.ceil(bytes.length / upload.part_size));
    // Parts may arrive in any order.
    for (const n of [2, 1, 3]) {
      const slice = bytes.slice((n - 1) * upload.part_size, Math.min(bytes.length, n * upload.part_size));
      await data(putPart(client, upload.id, n, slice));
    }
    const model = await data<ModelView>(client.post(`/api/v1/models/uploads/${upload.id}/complete`), 202);
    const settledModel = await settled(client, model.id);
    expect(settledModel.analysis).toMatchObject({ triangle_count: 348_000, shells: 29_000 });
    const keys = (await env.FILES.list({ prefix: `t/${t.id}/` })).objects.map((o) => o.key);
    expect(keys).toContain(`t/${t.id}/models/${model.sha256}`);
    expect(keys.some((k) => k.includes("/uploads/"))).toBe(false);
  });

  it("refuses missing parts, wrong part sizes, oversize files, unreadable formats and other people's uploads", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const size = 9 * 1024 * 1024;
    const upload = await data<Upload>(client.post("/api/v1/models/uploads?filename=big.stl", { size_bytes: size }), 201);
    await expectError(client.post(`/api/v1/models/uploads/${upload.id}/complete`), 409, "CONFLICT", "parts");
    await expectError(putPart(client, upload.id, 2, new Uint8Array(10)), 400, "INVALID_REQUEST", "Content-Length");
    await expectError(putPart(client, upload.id, 3, new Uint8Array(10)), 400, "INVALID_REQUEST", "part");
    await expectError(client.post("/api/v1/models/uploads?filename=photo.png", { size_bytes: size }), 415, "UNSUPPORTED_MEDIA_TYPE", "filename");
    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(putPart(stranger.client, upload.id, 2, new Uint8Array(size - upload.part_size)), 404, "NOT_FOUND");
    await data(client.delete(`/api/v1/models/uploads/${upload.id}`));
    await expectError(client.post(`/api/v1/models/uploads/${upload.id}/complete`), 404, "NOT_FOUND");
    await expectError(client.post("/api/v1/models/uploads?filename=huge.stl", { size_bytes: 10 * 1024 ** 3 }), 413, "PAYLOAD_TOO_LARGE", "size_bytes");
    await expectError(client.post("/api/v1/models/uploads?filename=x.stl", { size_bytes: 0 }), 400, "VALIDATION_ERROR", "size_bytes");
  });
});

describe("GET /api/v1/models/:id/file", () => {
  it("returns the bytes as a download to whoever may see the model, and 404 to others", async () => {
    const t = await createTenant();
    const { client } = await registerCustomer(t.host);
    const bytes = svgRectangle(10, 20);
    const model = await data<ModelView>(upload(client, bytes, "filename=plate.svg"), 202);
    const res = await client.get(`/api/v1/models/${model.id}/file`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="plate.svg"');
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    const stranger = await registerCustomer(t.host, "Stranger");
    await expectError(stranger.client.get(`/api/v1/models/${model.id}/file`), 404, "NOT_FOUND");
  });
});

describe("customer upload quota (issue 11)", () => {
  it("a signed-in customer may upload the shop's daily number of files per account; then 429 with a message for the buyer", async () => {
    const t = await createTenant();
    await data(t.owner.fetch("/api/v1/tenant/business", { method: "PATCH", json: { customer_daily_uploads: 3 } }));
    const buyer = await registerCustomer(t.host, "Busy Buyer");
    await data(upload(buyer.client, cube(2)), 202);
    await data(upload(buyer.client, cube(3)), 202);
    // An open multipart upload counts as an upload too.
    await data(buyer.client.post("/api/v1/models/uploads?filename=big.stl", { size_bytes: 100 }), 201);

    const refused = await upload(buyer.client, cube(4));
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(23 * 3600);
    const body = await expectError(refused, 429, "RATE_LIMIT_EXCEEDED", "body");
    expect(body.error.message).toBe(
      "You have uploaded 3 files in the last 24 hours, the most this shop accepts from one account in a day. You can upload again in about 24 hours.",
    );
    await expectError(buyer.client.post("/api/v1/models/uploads?filename=big.stl", { size_bytes: 100 }), 429, "RATE_LIMIT_EXCEEDED");
    expect((await (await tenantDb(t.id)).prepare("select count(*) as n from models where tenant_id = ?").bind(t.id).first<{ n: number }>())!.n).toBe(2);

    // Per account: another customer, and the shop's staff, upload as before.
    await data(upload((await registerCustomer(t.host, "Other Buyer")).client, cube(5)), 202);
    for (const side of [6, 7, 8, 9]) await data(upload(t.owner, cube(side)), 202);

    // 24 hours after the oldest upload, there is room for one more.
    await (await tenantDb(t.id))
      .prepare(
        "update models set created_at = created_at - 86400000 where id = (select id from models where tenant_id = ? and owner_user_id = ? order by created_at limit 1)",
      )
      .bind(t.id, buyer.userId)
      .run();
    await data(upload(buyer.client, cube(10)), 202);
    await expectError(upload(buyer.client, cube(11)), 429, "RATE_LIMIT_EXCEEDED");
  });

  it("unless the shop says otherwise, a customer account may upload 200 files a day", async () => {
    const t = await createTenant();
    const buyer = await registerCustomer(t.host, "Default Buyer");
    // 199 earlier uploads today (rows as the upload route writes them), so the 200th passes and the 201st does not.
    const insert = (await tenantDb(t.id)).prepare(
      "insert into models (id, tenant_id, owner_user_id, filename, kind, units, size_bytes, sha256, r2_key, status) values (?, ?, ?, 'x.stl', 'stl-binary', 'mm', 1, 'x', 'x', 'failed')",
    );
    await (await tenantDb(t.id)).batch(Array.from({ length: 199 }, () => insert.bind(crypto.randomUUID(), t.id, buyer.userId)));
    await data(upload(buyer.client, cube(2)), 202);
    const body = await expectError(upload(buyer.client, cube(3)), 429, "RATE_LIMIT_EXCEEDED");
    expect(body.error.message).toContain("200 files in the last 24 hours");
  });
});
