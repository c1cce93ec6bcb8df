import { datasheetOf } from "../../engine/documents/datasheet.ts";
import type { DescribedField } from "../../engine/documents/describe.ts";
import { renderTechnicalPackage, type BomRow, type PackageItem, type TechnicalPackageInput } from "../../engine/documents/technical-package.ts";
import { type DrawingSheet, DrawingFitError, drawingNumberPrefix, FAMILY_VIEWS, type VIEW_CODES } from "../../engine/drawings/index.ts";
import { isEngineError } from "../../engine/errors.ts";
import { documentsOfRevision } from "../db/drawings.ts";
import { findQuote, quoteItemsOf } from "../db/quotes.ts";
import { COMPLIANCE_FIELDS, type ComplianceField } from "../db/schema/index.ts";
import type { Scope } from "../db/scope.ts";
import { findTechnicalPackage, requestTechnicalPackage, transitionTechnicalPackage, transitionTechnicalPackageStatement } from "../db/technical-packages.ts";
import { findTenantOf, type Tenant } from "../db/tenants.ts";
import { SYSTEM } from "../db/viewer.ts";
import { composeDrawing, drawable, letteringFont, titleBlock } from "../drawings/render.ts";
import { TIMED_OUT, titleOf } from "../drawings/run.ts";
import { storeDocument } from "../drawings/store.ts";
import type { Env } from "../env.ts";
import { loadConfigured } from "../products/configured-product.ts";
import type { EngineeredItem } from "../products/engineered.ts";
import { engineer } from "../products/engineering.ts";
import { sellerOf } from "../shop/seller.ts";
import { currentTerms } from "../shop/terms.ts";

export const PACKAGE_KIND = "technical_package";
export const MAX_ATTEMPTS = 3;
/**
 * Failures another build may cure: the generator threw (not an engine
 * refusal) or the build never finished. An engine refusal or a quote with
 * nothing to package gives the same answer until the quote changes.
 */
export const isRecoverable = (errorCode: string | null) => errorCode === "GENERATION_FAILED" || errorCode === TIMED_OUT;
/** Sheets tried in turn when a view does not fit the one before. */
const SHEETS = ["A3", "A2", "A1"];

/** The shop's compliance declarations as datasheet lines, every field named (an empty one reads "Not declared"). */
export const complianceOf = (tenant: Tenant): DescribedField[] =>
  (Object.keys(COMPLIANCE_FIELDS) as ComplianceField[]).map((k) => ({
    label: COMPLIANCE_FIELDS[k],
    value: tenant.settings.compliance?.[k]?.trim() || "Not declared",
  }));

const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");

type Loaded = NonNullable<Awaited<ReturnType<typeof loadConfigured>>>;

/** Every drawing type the family offers, at the largest scale that fits an A3 sheet (a larger sheet when none does). */
function sheetsOf(loaded: Loaded, owner: string, quoteNumber: string, position: number, date: string): DrawingSheet[] {
  if (!Object.hasOwn(FAMILY_VIEWS, loaded.product.generator_key)) return [];
  const { family, config } = drawable(loaded, "quote_id");
  return Object.keys(FAMILY_VIEWS[family]).map((type) => {
    const code = drawingNumberPrefix(family, type as keyof typeof VIEW_CODES)
      .split("-")
      .at(-1);
    const number = `${quoteNumber}-${position}-${code}`;
    for (const sheet of SHEETS) {
      try {
        return composeDrawing({
          family,
          config,
          drawing_type: type,
          scale: "auto",
          sheet,
          title_block: { ...titleBlock(owner, number, titleOf(loaded), new Date(`${date}T00:00:00Z`)), document_type: "Technical package drawing" },
          revisions: [{ revision: "A", date, reason: `Issued with quote ${quoteNumber}` }],
        });
      } catch (e) {
        if (!(e instanceof DrawingFitError) || sheet === SHEETS.at(-1)) throw e;
      }
    }
    throw new Error("unreachable");
  });
}

/** The datasheets of engineered items, as the package prints them (the specification API returns the same). */
export async function datasheetsOf(scope: Scope, items: EngineeredItem[]) {
  const tenant = await findTenantOf(scope);
  return Promise.all(
    items.map(async (e) => {
      const loaded = await loadConfigured(scope, e.configuration.id);
      if (!loaded || !tenant) return null;
      return datasheetOf({
        title: titleOf(loaded),
        product: loaded.product.name,
        quantity: e.quantity,
        config: loaded.configuration.config,
        schema: loaded.schema.config_schema,
        engineering: e.engineering,
        compliance: complianceOf(tenant),
      });
    }),
  );
}

/** What the package of a quote is made of, read now; null when the quote is gone or has no configured products. */
export async function packageInput(scope: Scope, quoteId: string): Promise<{ input: TechnicalPackageInput; number: string } | null> {
  const quote = await findQuote(scope, quoteId, SYSTEM);
  const tenant = await findTenantOf(scope);
  if (!quote || !tenant) return null;
  const seller = sellerOf(tenant);
  const date = new Date(quote.created_at).toISOString().slice(0, 10);
  const items: PackageItem[] = [];
  const bom = new Map<string, BomRow>();
  for (const item of await quoteItemsOf(scope, quoteId)) {
    const loaded = item.configuration_id ? await loadConfigured(scope, item.configuration_id) : undefined;
    if (!loaded) continue;
    const quantity = Number((item.options as { quantity?: number }).quantity ?? 1);
    const engineering = engineer(loaded.product, loaded.schema.config_schema, loaded.configuration.config);
    const datasheet = datasheetOf({
      title: titleOf(loaded),
      product: loaded.product.name,
      quantity,
      config: loaded.configuration.config,
      schema: loaded.schema.config_schema,
      engineering,
      compliance: complianceOf(tenant),
    });
    // Positions count from 0; people count items from 1.
    const position = item.position + 1;
    items.push({ position, datasheet, sheets: sheetsOf(loaded, seller.legal_name, quote.number, position, date) });
    for (const l of (engineering as { bom?: { lines?: BomRow[] } }).bom?.lines ?? []) {
      const key = `${l.code}|${l.unit}`;
      const row = bom.get(key) ?? { code: l.code, description: l.description, quantity: 0, unit: l.unit };
      row.quantity = Math.round((row.quantity + l.quantity * quantity) * 1000) / 1000;
      bom.set(key, row);
    }
  }
  if (items.length === 0) return null;
  const totals = quote.totals as { lead_time_days?: number } | null;
  return {
    number: quote.number,
    input: {
      legal_name: seller.legal_name,
      quote_number: quote.number,
      revision: quote.revision,
      project_reference: quote.title,
      date,
      items,
      bom: [...bom.values()],
      lead_time_days: totals?.lead_time_days ?? null,
      terms: currentTerms(tenant).text,
    },
  };
}

/** Asks for the quote's package: its row goes to `queued` and the build is sent to the jobs queue (never built in a request). */
export async function queueTechnicalPackage(env: Env, scope: Scope, quoteId: string) {
  await requestTechnicalPackage(scope, quoteId);
  await env.JOBS_QUEUE.send({ kind: "technical_package.build", tenant_id: scope.tenantId, quote_id: quoteId });
}

/**
 * Builds a quote's technical package, run by the quote's coordinator after
 * its other work. The files are versioned by a digest of everything they are
 * made from, so identical inputs find their files stored and nothing is drawn
 * again. A request that came in while this one built leaves the row queued
 * for its own run. Returns the seconds before a retry, or null when settled.
 */
export async function buildTechnicalPackage(env: Env, scope: Scope, quoteId: string): Promise<number | null> {
  const row = await findTechnicalPackage(scope, quoteId);
  if (!row || !(row.status === "queued" || row.status === "building")) return null;
  const attempt = row.attempts + 1;
  if (!(await transitionTechnicalPackage(scope, quoteId, ["queued", "building"], { status: "building", attempts: attempt }))) return null;
  try {
    const made = await packageInput(scope, quoteId);
    if (!made) {
      await transitionTechnicalPackage(scope, quoteId, ["building"], {
        status: "failed",
        error_code: "nothing_to_package",
        error_message: "The quote has no configured products to package",
        finished_at: Date.now(),
      });
      return null;
    }
    const rev = hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(made.input)))).slice(0, 16);
    const stored = await documentsOfRevision(scope, PACKAGE_KIND, made.number, rev);
    let pdf = stored.find((d) => d.ext === "pdf")?.id;
    let zip = stored.find((d) => d.ext === "zip")?.id;
    const statements = [];
    if (!pdf || !zip) {
      const files = await renderTechnicalPackage(made.input, { font: await letteringFont() });
      const version = { kind: PACKAGE_KIND, number: made.number, rev };
      const p = await storeDocument(env, scope, { ...version, ext: "pdf", content_type: "application/pdf", bytes: files.pdf });
      const z = await storeDocument(env, scope, { ...version, ext: "zip", content_type: "application/zip", bytes: files.zip });
      [pdf, zip] = [p.id, z.id];
      statements.push(p.statement, z.statement);
    }
    await scope.db.batch([
      ...statements,
      transitionTechnicalPackageStatement(scope, quoteId, ["building"], {
        status: "ready",
        rev,
        pdf_document_id: pdf,
        zip_document_id: zip,
        error_code: null,
        error_message: null,
        finished_at: Date.now(),
      }),
    ] as unknown as Parameters<typeof scope.db.batch>[0]);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = isEngineError(error) ? (error as { code: string }).code : attempt >= MAX_ATTEMPTS ? "GENERATION_FAILED" : null;
    if (code === null) return 2 ** (attempt - 1);
    await transitionTechnicalPackage(scope, quoteId, ["building"], { status: "failed", error_code: code, error_message: message, finished_at: Date.now() });
    return null;
  }
}
