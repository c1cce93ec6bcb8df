import type { SQL } from "drizzle-orm";
import type { DrawingFamily, DrawingSheet } from "../../engine/drawings/index.ts";
import { EngineError } from "../../engine/errors.ts";
import { drawingNumberPrefix, type VIEW_CODES } from "../../engine/drawings/index.ts";
import {
  type Drawing,
  type DrawingRequest,
  drawingsOfRequest,
  drawingUpdateStatement,
  failDrawingsOfRequestStatement,
  findDrawingRequest,
  insertRevisionStatement,
  numberDrawings,
  supersedeOlderStatement,
  transitionDrawingRequest,
  transitionDrawingRequestStatement,
  updateDrawingRequest,
} from "../db/drawings.ts";
import { quoteItemsOf } from "../db/quotes.ts";
import type { DrawingRequestStatus } from "../db/schema/index.ts";
import type { Scope } from "../db/scope.ts";
import { findTenantOf } from "../db/tenants.ts";
import { SYSTEM } from "../db/viewer.ts";
import type { Env } from "../env.ts";
import { loadConfigured } from "../products/configured-product.ts";
import { sellerOf } from "../shop/seller.ts";
import { dispatchOutbox, outboxStatements } from "../webhooks/outbox.ts";
import { composeDrawing, CONTENT_TYPES, drawable, isPermanent, renderSheet, titleBlock } from "./render.ts";
import { storeDocument } from "./store.ts";

/** Recoverable failures are retried after 1 s, 2 s, 4 s; the third failure is final (as generation jobs). */
export const MAX_ATTEMPTS = 3;
/** A stranded job that used its attempts (the sweeps' code, decision 65). */
export const TIMED_OUT = "TIMED_OUT";
export const FIRST_ISSUE = "First issue";

/** A configured product to draw, with its drawing family and validated configuration. */
export interface Subject {
  configuration_id: string;
  family: DrawingFamily;
  config: unknown;
  title: string;
}

type Configured = NonNullable<Awaited<ReturnType<typeof loadConfigured>>>;
export const titleOf = ({ configuration, product }: Configured) => (configuration.name ? `${product.name} — ${configuration.name}` : product.name);

/**
 * What a request draws: its configuration, or every configured item of its
 * quote. `field` names the request field a 422 blames.
 */
export async function subjectsOf(scope: Scope, ref: { configuration_id: string | null; quote_id: string | null }): Promise<Subject[]> {
  const field = ref.configuration_id ? "configuration_id" : "quote_id";
  const ids = ref.configuration_id
    ? [ref.configuration_id]
    : (await quoteItemsOf(scope, ref.quote_id!)).flatMap((i) => (i.configuration_id ? [i.configuration_id] : []));
  const subjects: Subject[] = [];
  for (const id of new Set(ids)) {
    const loaded = await loadConfigured(scope, id);
    if (!loaded) continue;
    subjects.push({ configuration_id: id, ...drawable(loaded, field), title: titleOf(loaded) });
  }
  return subjects;
}

/** Composes one drawing's sheet with its revision list, numbered `number`, issued on `date`. */
export const sheetOf = (
  s: Subject,
  d: { drawing_type: string; scale: string; sheet: string },
  owner: string,
  number: string,
  revisions: DrawingSheet["revisions"],
  date = new Date(),
) => composeDrawing({ family: s.family, config: s.config, ...d, title_block: titleBlock(owner, number, s.title, date), revisions });

/** Renders a sheet in the drawing's formats and stores each file as revision `rev`; the statements record them. */
export async function storeSheet(env: Env, scope: Scope, d: Pick<Drawing, "drawing_number" | "formats">, sheet: DrawingSheet, rev: string) {
  const files = await renderSheet(sheet, d.formats);
  const stored = [];
  for (const [ext, bytes] of files) {
    stored.push(await storeDocument(env, scope, { kind: "drawing", number: d.drawing_number, rev, ext, content_type: CONTENT_TYPES[ext], bytes }));
  }
  return stored.map((s) => s.statement);
}

export const shopName = async (scope: Scope) => {
  const tenant = await findTenantOf(scope);
  return tenant ? sellerOf(tenant).legal_name : scope.tenantId;
};

/**
 * Runs a drawing request: numbers its drawings, draws and stores each one
 * (progress after each, sent on as `drawing.progress_update`), then issues
 * them as revision A with `drawings.generated`, all in one batch. Called by the
 * coordinator of its configuration (or quote), one request at a time. The
 * engine refusing the input fails the request with the engine's code; anything
 * else is retried with backoff. Returns the seconds to wait before the next
 * attempt, or null when settled.
 */
export async function runDrawingRequest(env: Env, scope: Scope, requestId: string): Promise<number | null> {
  const request = await findDrawingRequest(scope, requestId, SYSTEM);
  if (!request || !(request.status === "pending" || request.status === "processing")) return null;
  const attempt = request.attempts + 1;
  // A cancel before this wins: a cancelled request never draws anything.
  const started = await transitionDrawingRequest(scope, requestId, ["pending", "processing"], {
    status: "processing",
    attempts: attempt,
    started_at: request.started_at ?? Date.now(),
  });
  if (!started) return null;
  try {
    await draw(env, scope, request);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = isPermanent(error) ? (error as { code: string }).code : attempt >= MAX_ATTEMPTS ? "GENERATION_FAILED" : null;
    if (code === null) {
      await updateDrawingRequest(scope, requestId, { error_code: "RETRYING", error_message: message });
      return 2 ** (attempt - 1);
    }
    await scope.db.batch(failRequestStatements(scope, requestId, ["processing"], code, message));
    return null;
  }
}

/** Ends a request still in one of `from` (and `conditions`) as failed with `code`, its drawings with it. */
export const failRequestStatements = (scope: Scope, requestId: string, from: DrawingRequestStatus[], code: string, message: string, ...conditions: SQL[]) =>
  [
    transitionDrawingRequestStatement(
      scope,
      requestId,
      from,
      { status: "failed", error_code: code, error_message: message, finished_at: Date.now() },
      ...conditions,
    ),
    failDrawingsOfRequestStatement(scope, requestId),
  ] as const;

async function draw(env: Env, scope: Scope, request: DrawingRequest) {
  const { body } = request;
  const subjects = await subjectsOf(scope, request);
  if (subjects.length === 0)
    throw new EngineError(
      "nothing_to_draw",
      `The ${request.configuration_id ? "configuration" : "quote's configured products"} this request draws no longer exist`,
      422,
    );
  const owner = { owner_user_id: request.owner_user_id, customer_id: request.customer_id, guest_session_hash: request.guest_session_hash };
  const numbered = new Set((await drawingsOfRequest(scope, request.id)).map((d) => `${d.configuration_id}:${d.drawing_type}`));
  await numberDrawings(
    scope,
    subjects.flatMap((s) =>
      body.drawing_types
        .filter((type) => !numbered.has(`${s.configuration_id}:${type}`))
        .map((type) => ({
          ...owner,
          prefix: drawingNumberPrefix(s.family, type as keyof typeof VIEW_CODES),
          request_id: request.id,
          configuration_id: s.configuration_id,
          quote_id: request.quote_id,
          family: s.family,
          drawing_type: type,
          sheet: body.sheet,
          formats: body.formats,
        })),
    ),
  );
  const drawings = await drawingsOfRequest(scope, request.id);
  const bySubject = new Map(subjects.map((s) => [s.configuration_id, s]));
  const shop = await shopName(scope);
  const today = new Date().toISOString().slice(0, 10);
  const issue: ReturnType<typeof drawingUpdateStatement | typeof insertRevisionStatement | typeof supersedeOlderStatement>[] = [];
  const documents: Awaited<ReturnType<typeof storeSheet>> = [];
  for (const [i, d] of drawings.entries()) {
    const subject = bySubject.get(d.configuration_id)!;
    const sheet = sheetOf(subject, { drawing_type: d.drawing_type, scale: body.scale, sheet: d.sheet }, shop, d.drawing_number, [
      { revision: "A", date: today, reason: FIRST_ISSUE },
    ]);
    documents.push(...(await storeSheet(env, scope, d, sheet, "A")));
    issue.push(
      drawingUpdateStatement(scope, d.id, { status: "current", revision: "A", scale: sheet.scale }),
      supersedeOlderStatement(scope, d),
      insertRevisionStatement(scope, { drawing_id: d.id, revision: "A", status: "current", reason: FIRST_ISSUE, changes: [], created_by: request.created_by }),
    );
    if (i < drawings.length - 1) await progress(env, scope, request, drawings, i + 1);
  }
  const generated = outboxStatements(scope, "drawings.generated", {
    request_id: request.id,
    ...(request.quote_id ? { quote_id: request.quote_id } : {}),
    drawings: drawings.map((d) => ({ drawing_id: d.id, view: d.drawing_type, formats: d.formats })),
  });
  await scope.db.batch([
    transitionDrawingRequestStatement(scope, request.id, ["processing"], {
      status: "completed",
      progress: 100,
      error_code: null,
      error_message: null,
      finished_at: Date.now(),
    }),
    ...documents,
    ...issue,
    ...generated.statements,
  ]);
  await dispatchOutbox(env, scope.tenantId, [generated.eventId]);
}

/** Records that `done` of the request's drawings are stored and sends it on (the outbox keeps it to one per 5 s). */
async function progress(env: Env, scope: Scope, request: DrawingRequest, drawings: Drawing[], done: number) {
  const percentage = Math.floor((100 * done) / drawings.length);
  const event = outboxStatements(scope, "drawing.progress_update", {
    request_id: request.id,
    progress_percentage: percentage,
    current_task: `${drawings[done].drawing_type} ${drawings[done].drawing_number}`,
    completed_tasks: drawings.slice(0, done).map((d) => d.drawing_number),
    remaining_tasks: drawings.slice(done).map((d) => d.drawing_number),
  });
  await scope.db.batch([updateDrawingRequest(scope, request.id, { progress: percentage }), ...event.statements]);
  await dispatchOutbox(env, scope.tenantId, [event.eventId]);
}
