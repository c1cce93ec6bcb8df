import { DurableObject } from "cloudflare:workers";
import { requireScopeForTenant } from "../worker/db/shards.ts";
import { repriceQuote, type QuoteState } from "../worker/quotes/reprice.ts";
import { priceByHand, type ManualPriceActor, type ManualPriceOutcome, type ManualPriceRequest } from "../worker/quotes/manual-price.ts";
import { giveDiscount, type DiscountActor, type DiscountOutcome, type DiscountRequest } from "../worker/quotes/discount.ts";
import { runGlbJob } from "../worker/jobs/run-glb.ts";
import { runDrawingRequest } from "../worker/drawings/run.ts";
import { buildTechnicalPackage, queueTechnicalPackage } from "../worker/technical-package/build.ts";
import { dispatchOutbox } from "../worker/webhooks/outbox.ts";

export interface QuoteStatus {
  quote_id: string;
  status: string;
  /** Increases by one with every recorded change; clients ignore older pushes. */
  version: number;
  detail: Record<string, unknown>;
  updated_at: number;
}

/**
 * One per quote (`{tenantId}:{quoteId}`) or configuration
 * (`{tenantId}:configuration:{id}`). Serialises its state changes (item
 * analyses, re-pricing, generation jobs) and pushes each one to the pages that
 * have it open, over WebSockets that hibernate between pushes.
 */
export class QuoteCoordinator extends DurableObject<Cloudflare.Env> {
  private readonly sql = this.ctx.storage.sql;
  /** Input gates do not hold across D1 calls, so jobs are chained explicitly to run one at a time. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.sql.exec("CREATE TABLE IF NOT EXISTS state (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL)");
  }

  status(): QuoteStatus | null {
    const row = this.sql.exec<{ body: string }>("SELECT body FROM state WHERE id = 1").toArray()[0];
    return row ? (JSON.parse(row.body) as QuoteStatus) : null;
  }

  /**
   * Records a change and broadcasts it. `expectVersion` makes the change
   * conditional (optimistic concurrency for callers that read first).
   */
  async record(
    quoteId: string,
    status: string,
    detail: Record<string, unknown> = {},
    expectVersion?: number,
  ): Promise<{ ok: true; state: QuoteStatus } | { ok: false; state: QuoteStatus | null }> {
    const current = this.status();
    if (expectVersion !== undefined && (current?.version ?? 0) !== expectVersion) return { ok: false, state: current };
    const state: QuoteStatus = { quote_id: quoteId, status, version: (current?.version ?? 0) + 1, detail, updated_at: Date.now() };
    this.sql.exec("INSERT OR REPLACE INTO state (id, body) VALUES (1, ?)", JSON.stringify(state));
    const message = JSON.stringify({ type: "status", ...state });
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(message);
      } catch {
        // A socket closing under us is not the sender's failure.
      }
    }
    return { ok: true, state };
  }

  /** Runs `job` after every job queued before it on this quote. */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.tail.then(job, job);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Re-prices the quote from D1 (items whose analysis arrived) and pushes the new state. */
  reprice(tenantId: string, quoteId: string): Promise<QuoteState | null> {
    return this.serial(async () => {
      const scope = await requireScopeForTenant(this.env, tenantId);
      const result = await repriceQuote(scope.db, tenantId, quoteId);
      if (!result) return null;
      await dispatchOutbox(this.env, tenantId, result.events);
      await this.record(quoteId, result.state.status, result.state as unknown as Record<string, unknown>);
      // A priced quote with configured products gets its package in the background (identical inputs reuse the files).
      if (result.package) await queueTechnicalPackage(this.env, scope, quoteId);
      return result.state;
    });
  }

  /** The shop prices an item by hand, in turn with the quote's other changes; pushes the new state (released: `sent`). */
  priceByHand(tenantId: string, quoteId: string, itemId: string, input: ManualPriceRequest, actor: ManualPriceActor): Promise<ManualPriceOutcome> {
    return this.serial(async () => {
      const outcome = await priceByHand((await requireScopeForTenant(this.env, tenantId)).db, tenantId, quoteId, itemId, input, actor);
      if (!outcome.ok) return outcome;
      await dispatchOutbox(this.env, tenantId, outcome.events);
      await this.record(quoteId, outcome.state.status, outcome.state as unknown as Record<string, unknown>);
      return outcome;
    });
  }

  /** The shop gives (or takes away) a discount, in turn with the quote's other changes; pushes the new state. */
  discount(tenantId: string, quoteId: string, request: DiscountRequest, actor: DiscountActor): Promise<DiscountOutcome> {
    return this.serial(async () => {
      const scope = await requireScopeForTenant(this.env, tenantId);
      const outcome = await giveDiscount(scope.db, tenantId, quoteId, request, actor);
      if (!outcome.ok || request.dry_run) return outcome;
      await this.record(quoteId, outcome.state.status, outcome.state as unknown as Record<string, unknown>);
      // The discount is written: what follows must not turn its answer into a failure (a retry would make
      // another revision). Undispatched events are the outbox sweep's; a package not queued is asked for again.
      try {
        await dispatchOutbox(this.env, tenantId, outcome.events);
        if (outcome.package) await queueTechnicalPackage(this.env, scope, quoteId);
      } catch (error) {
        console.error(
          JSON.stringify({ level: "error", event: "quote.discount_follow_up_failed", tenant_id: tenantId, quote_id: quoteId, error: String(error) }),
        );
      }
      return outcome;
    });
  }

  /** Runs a generation job of this configuration after the ones before it; resolves to a retry delay (s) or null. */
  runJob(tenantId: string, jobId: string): Promise<number | null> {
    return this.serial(async () => runGlbJob(this.env, await requireScopeForTenant(this.env, tenantId), jobId));
  }

  /** Runs a drawing request after the configuration's (or quote's) work before it; resolves to a retry delay (s) or null. */
  runDrawingRequest(tenantId: string, requestId: string): Promise<number | null> {
    return this.serial(async () => runDrawingRequest(this.env, await requireScopeForTenant(this.env, tenantId), requestId));
  }

  /** Builds the quote's technical package after the quote's work before it; resolves to a retry delay (s) or null. */
  buildTechnicalPackage(tenantId: string, quoteId: string): Promise<number | null> {
    return this.serial(async () => buildTechnicalPackage(this.env, await requireScopeForTenant(this.env, tenantId), quoteId));
  }

  /** WebSocket upgrade: the socket gets the current state at once, then every change. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const current = this.status();
    if (current) server.send(JSON.stringify({ type: "status", ...current }));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // Clients may ping to keep intermediaries from closing an idle socket.
    if (message === "ping") ws.send("pong");
  }

  /**
   * Completes the closing handshake. 1005 (no status), 1006 (dropped without a close frame) and
   * 1015 (TLS) are reserved for reporting and may not be sent: those close as 1000.
   */
  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    const reportOnly = code === 1005 || code === 1006 || code === 1015;
    ws.close(reportOnly ? 1000 : code, "closing");
  }
}
