import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { door, tinyPng } from "./fixtures.ts";
import { Client, createTenant, data, expectError, PASSWORD, registerCustomer, type TestTenant, tenantDb } from "./helpers.ts";

/** Messages of projects and quotes between a customer company and the shop, with attachments and unread counts (issue 14). */

type Attachment = { id: string; filename: string; content_type: string; size_bytes: number; url: string };
type Message = { id: string; thread_id: string; author: { id: string | null; name: string; side: string }; body: string; attachments: Attachment[] };
type Thread = {
  id: string;
  subject: { type: string; id: string; number: string };
  unread: number;
  last_message: { excerpt: string; author_side: string } | null;
};
type Invited = { member: { id: string }; invitation: { page_path: string } };

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const LIMIT = 10 * 1024 * 1024;

async function join(t: TestTenant, admin: Client, role: string) {
  const invited = await data<Invited>(admin.post("/api/v1/company/members", { email: `${role}-${crypto.randomUUID()}@example.test`, role }), 201);
  const client = new Client(t.host);
  const token = decodeURIComponent(invited.invitation.page_path.split("#token=")[1]);
  await data(client.post("/api/v1/auth/set-password", { token, password: PASSWORD }));
  return { client, id: invited.member.id };
}

const upload = (who: Client, body: BodyInit, type = "application/pdf", filename = "drawing.pdf", init: RequestInit = {}) =>
  who.fetch(`/api/v1/message-attachments?filename=${encodeURIComponent(filename)}`, { method: "POST", body, ...init, headers: { "content-type": type } });

describe("messages", () => {
  let t: TestTenant;
  let admin: Awaited<ReturnType<typeof registerCustomer>>;
  let user: Awaited<ReturnType<typeof join>>;
  let viewer: Awaited<ReturnType<typeof join>>;
  let stranger: Awaited<ReturnType<typeof registerCustomer>>;
  let project: string;
  let unassigned: string;
  let quote: string;
  const stored = async () => ({
    objects: (await env.FILES.list({ prefix: `t/${t.id}/message-attachments/` })).objects.length,
    attachments: (await (await tenantDb(t.id)).prepare("select count(*) as n from message_attachments where tenant_id = ?").bind(t.id).first<{ n: number }>())!
      .n,
    messages: (await (await tenantDb(t.id)).prepare("select count(*) as n from messages where tenant_id = ?").bind(t.id).first<{ n: number }>())!.n,
  });
  const inbox = (who: Client, query = "") => data<Thread[]>(who.get(`/api/v1/messages/threads${query}`));
  const unreadOf = async (who: Client, subjectId: string) => (await inbox(who)).find((th) => th.subject.id === subjectId)?.unread;

  beforeAll(async () => {
    t = await createTenant();
    admin = await registerCustomer(t.host, "Ada Admin");
    user = await join(t, admin.client, "customer_user");
    viewer = await join(t, admin.client, "customer_viewer");
    stranger = await registerCustomer(t.host, "Other Company");
    project = (await data<{ id: string }>(admin.client.post("/api/v1/projects", { name: "Riverside", member_ids: [user.id, viewer.id] }), 201)).id;
    unassigned = (await data<{ id: string }>(admin.client.post("/api/v1/projects", { name: "Harbour" }), 201)).id;
    const product = await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "Door", generator_key: "spw600e-door" }), 201);
    const configuration = await data<{ id: string }>(admin.client.post("/api/v1/configurations", { product_id: product.id, config: door }), 201);
    quote = (await data<{ id: string }>(admin.client.post("/api/v1/quotes", { items: [{ configuration_id: configuration.id, quantity: 1 }] }), 201)).id;
  }, 60_000);

  it("a customer posts with a PDF; the shop's staff see it in the inbox, unread, answer, and unread counts move for each reader", async () => {
    const file = await data<Attachment>(upload(user.client, PDF), 201);
    expect(file).toMatchObject({ filename: "drawing.pdf", content_type: "application/pdf", size_bytes: PDF.length });
    const posted = await data<Message>(
      user.client.post(`/api/v1/projects/${project}/messages`, { body: "  Can the sill be lowered by 20 mm?  ", attachment_ids: [file.id] }),
      201,
    );
    expect(posted).toMatchObject({ body: "Can the sill be lowered by 20 mm?", author: { id: user.id, side: "customer" } });
    expect(posted.attachments.map((a) => a.id)).toEqual([file.id]);
    // The message-posted hook heard it once (its audit row), for the project, naming the message.
    const heard = await (await tenantDb(t.id))
      .prepare("select target_type, target_id, data from audit_log where tenant_id = ? and action = 'message.posted'")
      .bind(t.id)
      .all<{
        target_type: string;
        target_id: string;
        data: string;
      }>();
    expect(heard.results.map((r) => [r.target_type, r.target_id, JSON.parse(r.data).message_id])).toEqual([["project", project, posted.id]]);

    // The shop: one unread thread; reading it (GET) clears the count.
    const [thread] = await inbox(t.owner);
    expect(thread).toMatchObject({ id: posted.thread_id, subject: { type: "project", id: project }, unread: 1, last_message: { author_side: "customer" } });
    expect(thread.subject.number).toMatch(/^PRJ-\d{4}-\d{3}$/);
    const seen = await data<Message[]>(t.owner.get(`/api/v1/projects/${project}/messages`));
    expect(seen.map((m) => m.body)).toEqual(["Can the sill be lowered by 20 mm?"]);
    expect(await unreadOf(t.owner, project)).toBe(0);
    // Its file downloads for the shop, as stored.
    const download = await t.owner.get(seen[0].attachments[0].url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);

    // The writer's own message is not unread for them; the company's admin (who sees every project) has one unread.
    expect(await unreadOf(user.client, project)).toBe(0);
    expect(await unreadOf(admin.client, project)).toBe(1);

    const answer = await data<Message>(t.owner.post(`/api/v1/projects/${project}/messages`, { body: "Yes — revised drawing follows." }), 201);
    expect(answer.author.side).toBe("shop");
    expect(await unreadOf(user.client, project)).toBe(1);
    expect(await unreadOf(admin.client, project)).toBe(2);
    expect(await unreadOf(t.owner, project)).toBe(0);
    // Marked read explicitly.
    expect(await data<{ unread: number }>(admin.client.post(`/api/v1/projects/${project}/messages/read`))).toMatchObject({
      thread_id: posted.thread_id,
      unread: 0,
    });
    expect(await unreadOf(admin.client, project)).toBe(0);
    // Newest first; the viewer reads the thread and downloads the file.
    const asViewer = await data<Message[]>(viewer.client.get(`/api/v1/projects/${project}/messages`));
    expect(asViewer.map((m) => m.author.side)).toEqual(["shop", "customer"]);
    expect((await viewer.client.get(file.url)).status).toBe(200);

    // Each reader was told once (in the app), never the writer: the shop of the customer's message, the company of the shop's answer.
    type Told = { title: string; path: string };
    const told = (client: Client) => data<Told[]>(client.get("/api/v1/notifications?limit=100"));
    await vi.waitFor(async () => expect((await told(user.client)).map((n) => n.title)).toEqual([expect.stringMatching(/^New message from /)]), {
      timeout: 15_000,
      interval: 100,
    });
    await vi.waitFor(async () => expect((await told(t.owner)).filter((n) => n.title.startsWith("New message")).length).toBe(1), {
      timeout: 15_000,
      interval: 100,
    });
    await vi.waitFor(async () => expect((await told(admin.client)).filter((n) => n.title.startsWith("New message")).length).toBe(2), {
      timeout: 15_000,
      interval: 100,
    });
    expect((await told(user.client))[0].path).toBe(`/projects/${project}`);
  });

  it("a viewer reads but may not write (403); nothing is stored", async () => {
    const before = await stored();
    await expectError(viewer.client.post(`/api/v1/projects/${project}/messages`, { body: "Hello" }), 403, "FORBIDDEN");
    await expectError(upload(viewer.client, PDF), 403, "FORBIDDEN");
    expect(await stored()).toEqual(before);
  });

  it("another company's, an unassigned project's and another shop's threads are 404, as unknown ones; their files too", async () => {
    const posted = await data<Message>(admin.client.post(`/api/v1/projects/${unassigned}/messages`, { body: "Internal to admins" }), 201);
    const image = await data<Attachment>(upload(admin.client, tinyPng(), "image/png", "site.png"), 201);
    await data(admin.client.post(`/api/v1/quotes/${quote}/messages`, { body: "About the quote", attachment_ids: [image.id] }), 201);
    const unknown = await expectError(stranger.client.get(`/api/v1/projects/${crypto.randomUUID()}/messages`), 404, "NOT_FOUND");
    for (const path of [`/api/v1/projects/${project}/messages`, `/api/v1/quotes/${quote}/messages`]) {
      const foreign = await expectError(stranger.client.get(path), 404, "NOT_FOUND");
      await expectError(stranger.client.post(path, { body: "Hi" }), 404, "NOT_FOUND");
      await expectError(stranger.client.post(`${path}/read`), 404, "NOT_FOUND");
      expect(foreign.error.message.endsWith("not found")).toBe(true);
    }
    expect(unknown.error.message).toBe("Project not found");
    for (const who of [user.client, viewer.client]) await expectError(who.get(`/api/v1/projects/${unassigned}/messages`), 404, "NOT_FOUND");
    await expectError(user.client.post(`/api/v1/projects/${unassigned}/messages`, { body: "Hi" }), 404, "NOT_FOUND");
    await expectError(stranger.client.get(image.url), 404, "NOT_FOUND");
    // Another shop's staff: every thread and file of this shop is unknown to them.
    const other = await createTenant();
    await expectError(other.owner.get(`/api/v1/projects/${project}/messages`), 404, "NOT_FOUND");
    await expectError(other.owner.get(`/api/v1/quotes/${quote}/messages`), 404, "NOT_FOUND");
    await expectError(other.owner.get(image.url), 404, "NOT_FOUND");
    expect(await inbox(other.owner)).toEqual([]);
    // Inboxes hold what each may see.
    const mine = (who: Client) => inbox(who).then((ths) => ths.map((th) => th.subject.id).toSorted());
    expect(await mine(stranger.client)).toEqual([]);
    expect(await mine(user.client)).toEqual([project, quote].toSorted());
    expect(await mine(admin.client)).toEqual([project, unassigned, quote].toSorted());
    expect(await mine(t.owner)).toEqual([project, unassigned, quote].toSorted());
    expect(posted.thread_id).not.toBe((await inbox(t.owner)).find((th) => th.subject.id === project)!.id);
  });

  it("the inbox pages newest first with the shared keyset cursor", async () => {
    const first = await t.owner.get("/api/v1/messages/threads?limit=2");
    const page = await first.json<{ data: Thread[]; pagination: { next_cursor: string; has_next: boolean } }>();
    expect(page.data).toHaveLength(2);
    expect(page.pagination.has_next).toBe(true);
    const rest = await inbox(t.owner, `?limit=2&cursor=${page.pagination.next_cursor}`);
    const all = await inbox(t.owner);
    expect([...page.data, ...rest].map((th) => th.id)).toEqual(all.map((th) => th.id));
    expect(all[0].subject.id).toBe(quote);
    await expectError(t.owner.get("/api/v1/messages/threads?cursor=nonsense"), 400, "VALIDATION_ERROR", "cursor");
  });

  it("an attachment that is not an image or PDF is 415, one over 10 MB is 413: nothing in R2 or D1", async () => {
    const before = await stored();
    await expectError(
      upload(user.client, new TextEncoder().encode("just text"), "application/octet-stream", "notes.txt"),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "body",
    );
    await expectError(upload(user.client, PDF, "text/html", "page.html"), 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type");
    // An SVG claims to be an image and is a document that can run script.
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await expectError(upload(user.client, svg, "image/svg+xml", "x.svg"), 415, "UNSUPPORTED_MEDIA_TYPE", "body");
    const big = new Uint8Array(LIMIT + 1);
    big.set(PDF.subarray(0, 8));
    await expectError(upload(user.client, big), 413, "PAYLOAD_TOO_LARGE", "body");
    const chunks = 11;
    let sent = 0;
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === chunks) return controller.close();
        const chunk = new Uint8Array(1024 * 1024);
        if (sent === 0) chunk.set(PDF.subarray(0, 8));
        sent++;
        controller.enqueue(chunk);
      },
    });
    await expectError(upload(user.client, streamed, "application/pdf", "big.pdf", { duplex: "half" } as RequestInit), 413, "PAYLOAD_TOO_LARGE", "body");
    expect(await stored()).toEqual(before);
  });

  it("a message needs a body within its cap (422 naming body) and only the writer's own unsent files (422 naming attachment_ids)", async () => {
    const path = `/api/v1/projects/${project}/messages`;
    const before = await stored();
    await expectError(user.client.post(path, { body: "   " }), 422, "UNPROCESSABLE_ENTITY", "body");
    await expectError(user.client.post(path, {}), 422, "UNPROCESSABLE_ENTITY", "body");
    await expectError(user.client.post(path, { body: "x".repeat(5001) }), 422, "UNPROCESSABLE_ENTITY", "body");
    const adminsFile = await data<Attachment>(upload(admin.client, PDF), 201);
    await expectError(user.client.post(path, { body: "Mine?", attachment_ids: [adminsFile.id] }), 422, "UNPROCESSABLE_ENTITY", "attachment_ids");
    // Before it is sent, only its uploader may fetch the file.
    await expectError(user.client.get(adminsFile.url), 404, "NOT_FOUND");
    expect((await admin.client.get(adminsFile.url)).status).toBe(200);
    // A file goes with one message only.
    await data(admin.client.post(path, { body: "Sent once", attachment_ids: [adminsFile.id] }), 201);
    const again = await stored();
    await expectError(admin.client.post(path, { body: "Sent twice", attachment_ids: [adminsFile.id] }), 422, "UNPROCESSABLE_ENTITY", "attachment_ids");
    expect(await stored()).toEqual(again);
    expect(again.messages).toBe(before.messages + 1);
  });
});
