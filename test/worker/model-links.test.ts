/**
 * A model's files through links signed for the caller (decision 72): the shop's staff get
 * `download_url` for a customer's mesh and `source.download_url` for the STEP original;
 * a link works in a new tab (the cookie alone), for its holder only, until it expires.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import roundedCube from "../fixtures/cad/rounded-cube.step?raw";
import { signLink } from "../../worker/drawings/links.ts";
import { binaryStl, boxTriangles } from "./fixtures.ts";
import { Client, createTenant, data, expectError, registerCustomer, tenantDb, type TestTenant } from "./helpers.ts";
import { userWithRole } from "./shop-fixture.ts";

type Model = {
  id: string;
  filename: string;
  sha256: string;
  download_url: string | null;
  source: { format: string; sha256: string; download_url: string | null } | null;
};

const STEP = new TextEncoder().encode(roundedCube);
const MESH = binaryStl(boxTriangles([10, 10, 10]));

function cadForm() {
  const body = new FormData();
  body.append("original", new Blob([STEP]), "rounded-cube.step");
  body.append("mesh", new Blob([MESH]), "rounded-cube.stl");
  return body;
}
const upload = (c: Client) => data<Model>(c.fetch("/api/v1/models/cad?filename=rounded-cube.step", { method: "POST", body: cadForm() }), 202);
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const withQuery = (link: string, change: (q: URLSearchParams) => void) => {
  const url = new URL(link, "http://x");
  change(url.searchParams);
  return `${url.pathname}?${url.searchParams}`;
};

describe("signed links to a model's files", () => {
  let t: TestTenant;
  let customer: Awaited<ReturnType<typeof registerCustomer>>;
  let staff: Client;
  let staffId: string;
  let model: Model;
  let seen: Model;
  beforeAll(async () => {
    t = await createTenant();
    customer = await registerCustomer(t.host, "Ada Buyer");
    staff = await userWithRole(t, "staff");
    staffId = (await data<{ user: { id: string } }>(staff.get("/api/v1/me"))).user.id;
    model = await upload(customer.client);
    seen = await data<Model>(staff.get(`/api/v1/models/${model.id}`));
  }, 30_000);

  it("gives staff links to the customer's mesh and original that work with the cookie alone, and records who downloaded what", async () => {
    expect(seen.download_url).toMatch(new RegExp(`^/api/v1/models/${model.id}/file\\?expires=\\d+&signature=[\\w-]+$`));
    expect(seen.source?.download_url).toMatch(new RegExp(`^/api/v1/models/${model.id}/source\\?expires=\\d+&signature=[\\w-]+$`));
    const original = await staff.get(seen.source!.download_url!);
    expect(original.status).toBe(200);
    expect(original.headers.get("content-disposition")).toBe('attachment; filename="rounded-cube.step"');
    expect(original.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await bytes(original)).toEqual(STEP);
    const mesh = await staff.get(seen.download_url!);
    expect(mesh.headers.get("content-disposition")).toBe('attachment; filename="rounded-cube.stl"');
    expect(await bytes(mesh)).toEqual(MESH);
    const audits = await (await tenantDb(t.id))
      .prepare("select actor_id, data from audit_log where tenant_id = ? and action = 'model.downloaded' and target_id = ? order by rowid")
      .bind(t.id, model.id)
      .all<{ actor_id: string; data: string }>();
    expect(audits.results.map((r) => [r.actor_id, JSON.parse(r.data).file])).toEqual([
      [staffId, "source"],
      [staffId, "file"],
    ]);
  });

  it("refuses an altered link (403)", async () => {
    const link = seen.source!.download_url!;
    const signature = new URL(link, "http://x").searchParams.get("signature")!;
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    const altered = await expectError(staff.get(withQuery(link, (q) => q.set("signature", flipped))), 403, "FORBIDDEN");
    expect(altered.error.message).toBe("This download link is not valid for you; open the part's quote again for a new one");
    // A later expiry with the same signature, and the original's signature on the mesh's path.
    await expectError(staff.get(withQuery(link, (q) => q.set("expires", String(Number(q.get("expires")) + 60_000)))), 403, "FORBIDDEN");
    await expectError(staff.get(`/api/v1/models/${model.id}/file?${new URL(link, "http://x").searchParams}`), 403, "FORBIDDEN");
    await expectError(staff.get(withQuery(link, (q) => q.delete("signature"))), 400, "INVALID_REQUEST", "signature");
  });

  it("refuses a link used by another user of the shop or by the customer who owns the part (403)", async () => {
    const admin = await userWithRole(t, "admin");
    await expectError(admin.get(seen.source!.download_url!), 403, "FORBIDDEN");
    await expectError(customer.client.get(seen.download_url!), 403, "FORBIDDEN");
    // The customer's own links work for the customer.
    const own = await data<Model>(customer.client.get(`/api/v1/models/${model.id}`));
    expect(await bytes(await customer.client.get(own.source!.download_url!))).toEqual(STEP);
    await expectError(staff.get(own.source!.download_url!), 403, "FORBIDDEN");
  });

  it("refuses an expired link (403) and answers a role that may not see the part 404, whatever the link", async () => {
    const expires = Date.now() - 1000;
    const signature = await signLink(env, {
      tenantId: t.id,
      documentId: `model-source.${model.id}`,
      revision: model.source!.sha256,
      expires,
      holder: `user:${staffId}`,
    });
    const late = await expectError(
      staff.get(`/api/v1/models/${model.id}/source?${new URLSearchParams({ expires: String(expires), signature })}`),
      403,
      "FORBIDDEN",
    );
    expect(late.error.message).toBe("This download link has expired; open the part's quote again for a new one");
    // Another company's user sees no such part: 404 before any link is looked at.
    const other = await registerCustomer(t.host, "Other Buyer");
    await expectError(other.client.get(seen.source!.download_url!), 404, "NOT_FOUND");
  });

  it("answers another shop's user 404 for this shop's part, with or without the link", async () => {
    const elsewhere = await createTenant();
    await expectError(elsewhere.owner.get(seen.source!.download_url!), 404, "NOT_FOUND");
    await expectError(elsewhere.owner.get(seen.download_url!), 404, "NOT_FOUND");
    await expectError(elsewhere.owner.get(`/api/v1/models/${model.id}`), 404, "NOT_FOUND");
  });

  it("signs a guest's links for its guest session, and the session routes keep working", async () => {
    const guest = new Client(t.host);
    const mine = await upload(guest);
    expect(mine.source?.download_url).toMatch(/\?expires=\d+&signature=/);
    expect(await bytes(await guest.get(mine.source!.download_url!))).toEqual(STEP);
    expect(await bytes(await guest.get(`/api/v1/models/${mine.id}/source`))).toEqual(STEP);
    // Staff who can see the guest's part still cannot use the guest's link.
    await expectError(staff.get(mine.source!.download_url!), 403, "FORBIDDEN");
    expect(await bytes(await staff.get(`/api/v1/models/${mine.id}/file`))).toEqual(MESH);
  });
});
