/**
 * The template shop of bench:scale, made through the API as a real shop is (sign-up, its owner, a
 * webhook source, a door product; a customer with a project, an analysed model, two door
 * configurations, three quotes of which one is ordered and planned into MOs, a message, partner
 * events processed). Its rows are then cloned by SQL into the other 999 shops (clone.ts).
 */
import { randomUUID } from "node:crypto";
import { hostRequest } from "../../scripts/lib/host-request.mjs";
import { door } from "../../test/worker/fixtures.ts";
import { binaryStl, cube, kernelModule } from "../../test/unit/mesh/solids.ts";
import { webhookHeaders } from "../webhook-sign.ts";
import { analyzeMesh } from "../../engine/mesh/index.ts";

export const PASSWORD = "bench-password-1";
export const TEMPLATE_SLUG = "scaletemplate";
export const SOURCE = "erp";

type Res = Awaited<ReturnType<typeof hostRequest>>;

function expectStatus(res: Res, status: number, what: string) {
  if (res.status !== status) throw new Error(`template ${what}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.json?.data;
}

const cookieOf = (res: Res) => String(res.headers["set-cookie"]).split(";")[0];

async function waitFor<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 250))) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`template: ${what} did not happen in ${timeoutMs / 1000} s`);
  }
}

/** A partner's revision request: applied, it bumps its drawing record's revision (twice would show as 2). */
export const revisionEvent = (id: string) =>
  JSON.stringify({
    type: "drawing.revision_requested",
    data: { drawing_id: id, revision_reason: "bench", requested_changes: [{ type: "annotation_change" }] },
  });

/** The analysis the storefront's browser sends with POST /api/v1/price (a 40 mm cube). */
export async function priceBody() {
  const kernel = kernelModule();
  const { analysis } = await analyzeMesh(binaryStl(cube(40)), { kernel });
  return JSON.stringify({ analysis, process: "fff", material: "pla", quantity: 10 });
}

export interface Template {
  tenantId: string;
  /** The source's signing secret (the clones get their own). */
  secret: string;
  modelId: string;
}

export async function makeTemplate(port: number): Promise<Template> {
  const host = `${TEMPLATE_SLUG}.localhost`;
  // Sign-up and sign-in are rate-limited per IP: the template's few calls come from their own.
  const ip = { "cf-connecting-ip": "203.0.113.160" };
  const api = async (method: string, path: string, cookie: string, status: number, opts: { json?: unknown; body?: Uint8Array } = {}) =>
    expectStatus(
      await hostRequest(port, host, method, `/api/v1${path}`, { ...opts, body: opts.body && Buffer.from(opts.body), headers: { cookie, ...ip } }),
      status,
      `${method} ${path}`,
    );
  const created = expectStatus(
    await hostRequest(port, "localhost", "POST", "/api/v1/tenants", {
      json: { name: "Scale template", slug: TEMPLATE_SLUG, owner_email: `owner@${TEMPLATE_SLUG}.test`, owner_password: PASSWORD },
      headers: ip,
    }),
    201,
    "sign-up",
  );
  const login = async (email: string) =>
    cookieOf(await hostRequest(port, host, "POST", "/api/v1/auth/login", { json: { email, password: PASSWORD }, headers: ip }));
  const owner = await login(`owner@${TEMPLATE_SLUG}.test`);
  const { secret } = await api("POST", "/webhooks/sources", owner, 201, { json: { name: SOURCE } });
  const product = await api("POST", "/products", owner, 201, { json: { name: "SPW600e door", generator_key: "spw600e-door" } });

  const buyerEmail = `buyer@${TEMPLATE_SLUG}.test`;
  expectStatus(
    await hostRequest(port, host, "POST", "/api/v1/auth/register", { json: { email: buyerEmail, password: PASSWORD, name: "Buyer" }, headers: ip }),
    202,
    "register",
  );
  const buyer = await login(buyerEmail);
  const project = await api("POST", "/projects", buyer, 201, { json: { name: "Riverside school", reference: "RS-14" } });
  const model = await api("POST", "/models?filename=bracket.stl", buyer, 202, { body: binaryStl(cube(40)) });
  await waitFor(
    "model analysis",
    () => api("GET", `/models/${model.id}`, buyer, 200),
    (m) => m.status === "analyzed",
  );
  const configurations = [];
  for (const width of [900, 1000])
    configurations.push(await api("POST", "/configurations", buyer, 201, { json: { product_id: product.id, config: { ...door, frame_width: width } } }));
  const quotes = [
    await api("POST", "/quotes", buyer, 201, { json: { items: [{ model_id: model.id, process: "fff", material: "pla", quantity: 5 }] } }),
    await api("POST", "/quotes", buyer, 201, { json: { items: [{ configuration_id: configurations[0].id, quantity: 2 }], project_id: project.id } }),
    await api("POST", "/quotes", buyer, 201, { json: { items: [{ configuration_id: configurations[1].id, quantity: 1 }] } }),
  ];
  for (const q of quotes)
    await waitFor(
      `quote ${q.number} priced`,
      () => api("GET", `/quotes/${q.id}`, buyer, 200),
      (v) => v.status === "priced",
    );
  // The part quote is ordered on a purchase order; the order's job plans its MO.
  const ordered = quotes[0];
  await api("POST", `/quotes/${ordered.id}/send`, owner, 200);
  await api("POST", `/quotes/${ordered.id}/accept`, buyer, 200);
  const order = await api("POST", `/quotes/${ordered.id}/purchase-order`, buyer, 201, { json: { po_number: "PO-SCALE" } });
  await waitFor(
    "the order's MO",
    () => api("GET", `/manufacturing-orders?limit=10&order_id=${order.id}`, owner, 200),
    (mos) => mos.length > 0,
  );
  await api("POST", `/quotes/${quotes[1].id}/messages`, buyer, 201, { json: { body: "Can the doors be delivered in March?" } });

  for (let i = 0; i < 3; i++) {
    const id = `msg_${randomUUID()}`;
    const body = revisionEvent(id);
    const res = await hostRequest(port, host, "POST", `/webhooks/${SOURCE}`, {
      body: Buffer.from(body),
      headers: webhookHeaders(secret, id, Math.floor(Date.now() / 1000), body),
    });
    expectStatus(res, 202, "webhook");
  }
  await waitFor(
    "partner events processed",
    () => api("GET", "/webhooks/stats", owner, 200),
    (s) => s.inbound.by_status.processed === 3,
  );
  return { tenantId: created.tenant.id, secret, modelId: model.id };
}
