import { drawingApprovalsOfQuotes, drawingRevisionsOfQuotes, ordersOfQuotes, quotesOfProject, shipmentsOfOrders, type Project } from "../db/projects.ts";
import type { Scope } from "../db/scope.ts";
import type { Viewer } from "../db/viewer.ts";
import { orderTimeline } from "../orders/timeline.ts";
import { effectiveStatus } from "../db/quote-status.ts";

export interface ProjectTimelineEntry {
  at: string;
  event: string;
  subject: { type: "project" | "quote" | "drawing" | "order" | "manufacturing_order"; id: string; number: string | null };
  summary: string;
}

export interface ProjectDocument {
  kind: "quote" | "order_confirmation" | "drawing" | "packing_list" | "delivery_note";
  title: string;
  /** Current, or superseded by a later revision (drawings). */
  current: boolean;
  date: string;
  /** The API path that downloads it (signed where the resource signs its links). */
  path: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What a project page shows, read from what already happens to its quotes
 * (sent, accepted), their drawings (each revision issued, approved or
 * rejected), the orders placed
 * from them (the order timeline: placed, paid, production stages, QC,
 * shipped, delivered) and their documents. Nothing is recorded for the
 * project itself but its creation.
 */
export async function projectOverview(scope: Scope, project: Project, viewer: Viewer) {
  const quotes = await quotesOfProject(scope, project.id);
  const quoteIds = quotes.map((q) => q.id);
  const [orders, drawings, approvals] = await Promise.all([
    ordersOfQuotes(scope, quoteIds),
    drawingRevisionsOfQuotes(scope, quoteIds),
    drawingApprovalsOfQuotes(scope, quoteIds),
  ]);
  const shipments = await shipmentsOfOrders(
    scope,
    orders.map((o) => o.id),
  );
  const entries: (ProjectTimelineEntry & { t: number })[] = [
    {
      t: project.created_at,
      at: "",
      event: "project.created",
      subject: { type: "project", id: project.id, number: project.number },
      summary: `Project ${project.number} opened`,
    },
  ];
  const documents: (ProjectDocument & { t: number })[] = [];
  for (const q of quotes) {
    const subject = { type: "quote" as const, id: q.id, number: q.number };
    if (q.sent_at) entries.push({ t: q.sent_at, at: "", event: "quote.sent", subject, summary: `Quote ${q.number} sent` });
    if (q.decided_at && (q.status === "accepted" || q.status === "rejected"))
      entries.push({ t: q.decided_at, at: "", event: `quote.${q.status}`, subject, summary: `Quote ${q.number} ${q.status}` });
    documents.push({
      t: q.updated_at,
      kind: "quote",
      title: `Quote ${q.number} (revision ${q.revision})`,
      current: effectiveStatus(q) !== "expired",
      date: "",
      path: `/api/v1/quotes/${q.id}/pdf`,
    });
  }
  // Before the revisions: a rejection and the revision it asks for are written together, so the rejection comes first at a tie.
  for (const { drawing, approval } of approvals) {
    const name = `Drawing ${drawing.drawing_number} revision ${approval.revision}`;
    const why = approval.decision === "rejected" && approval.comments ? `: ${approval.comments}` : "";
    entries.push({
      t: approval.created_at,
      at: "",
      event: `drawing.${approval.decision}`,
      subject: { type: "drawing", id: drawing.id, number: drawing.drawing_number },
      summary: `${name} ${approval.decision}${approval.on_behalf ? " (recorded by the shop)" : ""}${why}`,
    });
  }
  for (const { drawing, revision } of drawings) {
    const subject = { type: "drawing" as const, id: drawing.id, number: drawing.drawing_number };
    entries.push({
      t: revision.created_at,
      at: "",
      event: "drawing.issued",
      subject,
      summary: `Drawing ${drawing.drawing_number} revision ${revision.revision} issued`,
    });
    documents.push({
      t: revision.created_at,
      kind: "drawing",
      title: `Drawing ${drawing.drawing_number} revision ${revision.revision}`,
      current: revision.status === "current",
      date: "",
      path: `/api/v1/drawings/${drawing.id}/download?format=pdf${revision.status === "current" ? "" : `&revision=${encodeURIComponent(revision.revision)}`}`,
    });
  }
  for (const order of orders) {
    for (const e of await orderTimeline(scope, order, viewer)) {
      entries.push({ t: Date.parse(e.at), at: "", event: e.event, subject: e.subject, summary: e.summary });
    }
    documents.push({
      t: order.created_at,
      kind: "order_confirmation",
      title: `Order confirmation ${order.number ?? ""}`.trim(),
      current: order.status !== "cancelled",
      date: "",
      path: `/api/v1/orders/${order.id}/confirmation`,
    });
  }
  for (const s of shipments) {
    for (const [kind, name, slug] of [
      ["packing_list", "Packing list", "packing-list"],
      ["delivery_note", "Delivery note", "delivery-note"],
    ] as const) {
      documents.push({ t: s.shipped_at, kind, title: `${name} ${s.number}`, current: true, date: "", path: `/api/v1/shipments/${s.id}/documents/${slug}` });
    }
  }
  return {
    quotes,
    orders,
    timeline: entries.sort((a, b) => a.t - b.t).map(({ t, ...e }) => ({ ...e, at: iso(t) })),
    documents: documents.sort((a, b) => b.t - a.t).map(({ t, ...d }) => ({ ...d, date: iso(t) })),
  };
}
