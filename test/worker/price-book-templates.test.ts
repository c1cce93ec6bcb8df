/**
 * A process template applied later (decision 72): POST /price-books/templates/{process} adds the
 * template's machine, materials and finishes to a draft without changing the shop's own entries,
 * saves nothing, and the owner publishes the answer as usual.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Client, createTenant, data, expectError, expectStatus, PASSWORD, registerCustomer, type TestTenant, uniqueSlug } from "./helpers.ts";
import { userWithRole } from "./shop-fixture.ts";

type Entry = { code: string; name: string };
type Applied = {
  book: { processes: Record<string, { machines: { code: string; name: string }[] }>; materials: { code: string; price: { amount: number } }[] };
  process: { code: string; label: string; added: boolean };
  added: { machines: Entry[]; materials: Entry[]; finishes: Entry[] };
  extended: { finishes: (Entry & { materials: string[] })[] };
  kept: { machines: Entry[]; materials: Entry[]; finishes: Entry[] };
};
type Book = {
  processes: Record<string, { machines: { code: string; materials?: string[] }[] }>;
  materials: { code: string; price: { amount: number } }[];
  finishes: { code: string; materials: string[] }[];
} & Record<string, unknown>;

/** A shop that signed up offering FFF printing only. */
async function fffShop() {
  const slug = uniqueSlug("fff");
  const root = new Client("localhost");
  await expectStatus(
    root.post("/api/v1/tenants", { name: `Shop ${slug}`, slug, owner_email: `owner@${slug}.test`, owner_password: PASSWORD, processes: ["fff"] }),
    201,
  );
  const owner = new Client(`${slug}.localhost`);
  await expectStatus(owner.post("/api/v1/auth/login", { email: `owner@${slug}.test`, password: PASSWORD }), 200);
  return { host: `${slug}.localhost`, owner };
}

const codes = (entries: Entry[]) => entries.map((e) => e.code);
const apply = (c: Client, process: string, body: Record<string, unknown> = {}) => c.post(`/api/v1/price-books/templates/${process}`, body);

describe("POST /price-books/templates/{process}", () => {
  let shop: Awaited<ReturnType<typeof fffShop>>;
  beforeAll(async () => {
    shop = await fffShop();
  }, 30_000);

  it("adds laser cutting to an FFF shop's published book as a draft, saves nothing, and the owner publishes it", async () => {
    const applied = await data<Applied>(apply(shop.owner, "laser"));
    expect(applied.process).toEqual({ code: "laser", label: "Laser cutting", added: true });
    expect(codes(applied.added.machines)).toEqual(["laser-cutter"]);
    expect(codes(applied.added.materials)).toEqual(["s235", "ss-304", "al-5754"]);
    expect(codes(applied.kept.materials)).toEqual([]);
    expect(Object.keys(applied.book.processes).sort()).toEqual(["fff", "laser"]);
    expect(applied.book).not.toHaveProperty("version");
    // Nothing is published by applying: the storefront still offers FFF only.
    const before = await data<{ processes: Record<string, unknown> }>(shop.owner.get("/api/v1/catalog"));
    expect(Object.keys(before.processes)).toEqual(["fff"]);
    expect(await data<unknown[]>(shop.owner.get("/api/v1/price-books"))).toHaveLength(1);
    await data(shop.owner.post("/api/v1/price-books", { book: applied.book, note: "Laser cutting from the template" }), 201);
    const after = await data<{ processes: Record<string, { machines: { name: string }[] }> }>(shop.owner.get("/api/v1/catalog"));
    expect(after.processes.laser.machines.map((m) => m.name)).toEqual(["Fibre laser cutter (3 kW)"]);
  });

  it("re-applied to the draft being edited: the shop's edited entries are kept as they are", async () => {
    const current = await data<Book>(shop.owner.get("/api/v1/price-books/current"));
    const { price_book_version: _, valid_from: __, ...draft } = current;
    const edited = {
      ...draft,
      materials: draft.materials.map((m) => (m.code === "pla" ? { ...m, price: { ...m.price, amount: 4321 } } : m)).filter((m) => m.code !== "petg"),
    };
    // PETG goes from the printer's list too, so the edited draft is a valid book.
    edited.processes = {
      ...draft.processes,
      fff: { ...draft.processes.fff, machines: draft.processes.fff.machines.map((m) => ({ ...m, materials: ["pla"] })) },
    };
    edited.finishes = draft.finishes.map((f) => ({ ...f, materials: f.materials.filter((c) => c !== "petg") })).filter((f) => f.materials.length);
    const applied = await data<Applied>(apply(shop.owner, "fff", { book: edited }));
    expect(applied.process.added).toBe(false);
    expect(codes(applied.kept.machines)).toEqual(["fff-printer"]);
    expect(codes(applied.kept.materials)).toEqual(["pla"]);
    expect(codes(applied.added.materials)).toEqual(["petg"]);
    expect(applied.book.materials.find((m) => m.code === "pla")?.price.amount).toBe(4321);
    expect(applied.extended.finishes.map((f) => [f.code, f.materials])).toEqual([
      ["as-printed", ["petg"]],
      ["sanded", ["petg"]],
    ]);
  });

  it("refuses an unknown process (422 at process) and a draft that is not a valid book (422 at its field)", async () => {
    const unknown = await expectError(apply(shop.owner, "welding"), 422, "UNPROCESSABLE_ENTITY", "process");
    expect(unknown.error.message).toBe("There is no template for “welding”: choose fff, sla, cnc, laser");
    const current = await data<Book>(shop.owner.get("/api/v1/price-books/current"));
    await expectError(apply(shop.owner, "cnc", { book: { ...current, materials: [] } }), 422, "UNPROCESSABLE_ENTITY", "book.materials");
  });

  it("answers 409 naming the clashing entry when a kept entry contradicts the template", async () => {
    const current = await data<Book>(shop.owner.get("/api/v1/price-books/current"));
    const pla = current.materials.find((m) => m.code === "pla")!;
    const clash = { ...current, materials: [...current.materials.filter((m) => m.code !== "pla"), { ...pla, code: "al-6061" }] };
    for (const m of clash.processes.fff.machines) m.materials = m.materials?.map((c) => (c === "pla" ? "al-6061" : c));
    for (const f of clash.finishes) f.materials = f.materials.map((c) => (c === "pla" ? "al-6061" : c));
    const refused = await expectError(apply(shop.owner, "cnc", { book: clash }), 409, "CONFLICT");
    expect(refused.error.details.some((d) => d.field.startsWith("book.") && d.message.includes("al-6061"))).toBe(true);
    expect(refused.error.message).toMatch(/^The CNC machining \(3-axis\) template clashes with entries the book keeps \(.*al-6061.*\); change them/);
  });

  it("is for those who edit the price book: staff and customers 403, a visitor 401", async () => {
    const t: TestTenant = await createTenant();
    await data(apply(t.owner, "sla"));
    await data(apply(await userWithRole(t, "admin"), "sla"));
    await expectError(apply(await userWithRole(t, "staff"), "sla"), 403, "FORBIDDEN");
    await expectError(apply((await registerCustomer(t.host)).client, "sla"), 403, "FORBIDDEN");
    await expectError(apply(new Client(t.host), "sla"), 401, "UNAUTHORIZED");
  });

  it("works on the caller's own shop only: another shop's session is nobody here", async () => {
    // The FFF shop's owner cookie sent to another shop's host: not signed in there.
    const other = await createTenant();
    const res = await new Client(other.host).post("/api/v1/price-books/templates/laser", {}, { headers: { cookie: shop.owner.cookie } });
    await expectError(res, 401, "UNAUTHORIZED");
    // And the other shop's own answer is its own book (the demo catalogue offers laser already).
    expect((await data<Applied>(apply(other.owner, "laser"))).process.added).toBe(false);
  });
});
