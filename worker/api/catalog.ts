import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError, unprocessable } from "./errors.ts";
import { iso } from "./schemas.ts";
import { parsePriceBook } from "../../engine/pricing/index.ts";
import { applyTemplate } from "../../engine/pricing/apply-template.ts";
import { type PriceBook, type ProcessCode, PROCESSES } from "../../engine/pricing/price-book.ts";
import { withFieldPrefix } from "./field-prefix.ts";
import { listPriceBooks, publishPriceBook } from "../db/price-books.ts";
import { audit } from "../db/audit.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { principalOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { bookVersion, publishedBook } from "../pricing/books.ts";

const Catalog = z
  .object({ price_book_version: z.string(), valid_from: z.string().nullable(), prices: z.literal("sell") })
  .catchall(z.unknown())
  .openapi("Catalog", {
    description:
      "The customer book: processes with their machines, materials, finishes, lead times, quantity breaks and currency, every rate a sell price. The shop's costs, margin and review rules are not in it.",
  });

const PriceBookBody = z
  .object({ price_book_version: z.string(), valid_from: z.string().nullable() })
  .catchall(z.unknown())
  .openapi("PriceBook", { description: "The shop's own price book as published: costs, margin and floor, review rules. Staff only." });

const VersionParam = z.object({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: "version", in: "path" } }),
});

const catalog = defineRoute({
  permission: "public",
  method: "get",
  path: "/",
  tags: ["Catalogue"],
  summary: "The shop's customer book (public; sell prices only, what the browser's calculators use)",
  responses: {
    200: { description: "Catalogue", content: { "application/json": { schema: envelope(Catalog) } } },
    304: { description: "Not modified since the version in If-None-Match" },
    ...errorResponses(404),
  },
});

const versions = defineRoute({
  permission: "catalog:write",
  method: "get",
  path: "/",
  tags: ["Catalogue"],
  summary: "Every published version, newest first",
  responses: {
    200: {
      description: "Versions",
      content: {
        "application/json": {
          schema: envelope(
            z.array(z.object({ version: z.number(), valid_from: z.string().nullable(), valid_to: z.string().nullable(), note: z.string().nullable() })),
          ),
        },
      },
    },
    ...errorResponses(401, 403, 404),
  },
});

const current = defineRoute({
  permission: "catalog:write",
  method: "get",
  path: "/current",
  tags: ["Catalogue"],
  summary: "The published version with the shop's costs, margin and review rules (staff)",
  responses: {
    200: { description: "Current version", content: { "application/json": { schema: envelope(PriceBookBody) } } },
    ...errorResponses(401, 403, 404),
  },
});

const version = defineRoute({
  permission: "catalog:write",
  method: "get",
  path: "/{version}",
  tags: ["Catalogue"],
  summary: "One version exactly as it was published, costs and margin included (staff; to reproduce an old price)",
  request: { params: VersionParam },
  responses: { 200: { description: "Version", content: { "application/json": { schema: envelope(PriceBookBody) } } }, ...errorResponses(400, 401, 403, 404) },
});

const publish = defineRoute({
  permission: "catalog:write",
  method: "post",
  path: "/",
  tags: ["Catalogue"],
  summary: "Publish a new price-book version (the current one is closed, never edited)",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.strictObject({ book: z.record(z.string(), z.unknown()), note: z.string().max(500).optional() }).openapi("PublishPriceBook"),
        },
      },
      required: true,
    },
  },
  responses: {
    201: { description: "Published", content: { "application/json": { schema: envelope(PriceBookBody) } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

const Entries = z.array(z.object({ code: z.string(), name: z.string() }));
const AppliedTemplate = z
  .object({
    book: z.record(z.string(), z.unknown()).openapi({ description: "The draft with the template added: publish it with POST /price-books as it is or edited" }),
    process: z.object({
      code: z.enum(PROCESSES),
      label: z.string(),
      added: z.boolean().openapi({ description: "False when the book already offered the process" }),
    }),
    added: z.object({ machines: Entries, materials: Entries, finishes: Entries }),
    extended: z.object({
      finishes: z.array(z.object({ code: z.string(), name: z.string(), materials: z.array(z.string()) })).openapi({
        description: "The shop's own finishes of a template code, their prices unchanged, now also offered for these materials",
      }),
    }),
    kept: z
      .object({ machines: Entries, materials: Entries, finishes: Entries })
      .openapi({ description: "Template entries the draft already has under the same code: left exactly as they are" }),
  })
  .openapi("AppliedTemplate");

const applyProcessTemplate = defineRoute({
  permission: "catalog:write",
  method: "post",
  path: "/templates/{process}",
  tags: ["Catalogue"],
  summary:
    "Add a process template (the sign-up starter's machine, materials and finishes) to a draft of the price book, never changing the draft's own entries; nothing is saved until the draft is published",
  description:
    "`book` is the draft being edited (as POST /price-books takes it); without it, the published version. The answer says what was added, which of the shop's finishes were extended to the new materials, and which template entries were kept as the shop has them. 422 for an unknown process; 409 when an entry the shop keeps contradicts the template (for example a material of the same code offered for another process).",
  request: {
    params: z.object({
      process: z
        .string()
        .max(40)
        .openapi({ param: { name: "process", in: "path" }, example: "laser" }),
    }),
    body: {
      content: { "application/json": { schema: z.strictObject({ book: z.record(z.string(), z.unknown()).optional() }).openapi("ApplyProcessTemplate") } },
      required: true,
    },
  },
  responses: {
    200: { description: "The draft with the template added", content: { "application/json": { schema: envelope(AppliedTemplate) } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

export const catalogRouter = createRouter().openapi(catalog, async (c) => {
  const { row, book } = await publishedBook(scopeOf(c));
  const etag = `W/"cb-${row.version}"`;
  c.header("ETag", etag);
  // Shared caches may keep it briefly; the ETag makes revalidation a 304.
  c.header("Cache-Control", "public, max-age=30, stale-while-revalidate=300");
  if (c.req.header("if-none-match") === etag) return c.body(null, 304);
  return ok(c, { ...book.book, prices: "sell" as const, price_book_version: String(row.version), valid_from: iso(row.valid_from) });
});

export const priceBooksRouter = createRouter()
  .openapi(current, async (c) => {
    const { row } = await publishedBook(scopeOf(c));
    return ok(c, { ...(row.body as Record<string, unknown>), price_book_version: String(row.version), valid_from: iso(row.valid_from) });
  })
  .openapi(versions, async (c) => {
    const rows = await listPriceBooks(scopeOf(c));
    return ok(
      c,
      rows.map((r) => ({ version: r.version, valid_from: iso(r.valid_from), valid_to: iso(r.valid_to), note: r.note })),
    );
  })
  .openapi(version, async (c) => {
    const { row } = await bookVersion(scopeOf(c), c.req.valid("param").version);
    return ok(c, { ...(row.body as Record<string, unknown>), price_book_version: String(row.version), valid_from: iso(row.valid_from) });
  })
  .openapi(applyProcessTemplate, async (c) => {
    const { process } = c.req.valid("param");
    if (!PROCESSES.includes(process as ProcessCode))
      throw unprocessable("process", `There is no template for “${process}”: choose ${PROCESSES.join(", ")}`, process);
    const { book } = c.req.valid("json");
    const draft = book
      ? withFieldPrefix("book", () => parsePriceBook({ ...book, version: "draft" }))
      : ((await publishedBook(scopeOf(c))).row.body as PriceBook);
    const applied = applyTemplate(draft, process as ProcessCode);
    if (applied.issues.length)
      throw new ApiError(
        "CONFLICT",
        // The entries are named in the message too: a form shows it above its fields, where a path means nothing.
        `The ${applied.changes.process.label} template clashes with entries the book keeps (${applied.issues
          .slice(0, 3)
          .map((i) => i.message)
          .join("; ")}${applied.issues.length > 3 ? "; …" : ""}); change them (or their codes) first`,
        applied.issues.map((i) => ({ field: `book.${i.field}`, message: i.message })),
      );
    const { version: _, ...merged } = applied.book;
    return ok(c, { book: merged, ...applied.changes });
  })
  .openapi(publish, async (c) => {
    const scope = scopeOf(c);
    const { book, note } = c.req.valid("json");
    const parsed = withFieldPrefix("book", () => parsePriceBook({ ...book, version: "draft" }));
    const principal = principalOf(c);
    try {
      const published = await publishPriceBook(scope, parsed, principal.userId, note ?? null);
      await audit(scope, {
        actor_type: principal.kind,
        actor_id: principal.userId,
        action: "price_book.published",
        target_type: "price_book",
        target_id: String(published.version),
        request_id: c.get("requestId"),
      });
      return ok(c, { ...published.body, price_book_version: String(published.version), valid_from: iso(published.valid_from) }, 201);
    } catch (e) {
      if (isUniqueViolation(e)) throw new ApiError("CONFLICT", "Another version was published at the same moment; reload and try again");
      throw e;
    }
  });
