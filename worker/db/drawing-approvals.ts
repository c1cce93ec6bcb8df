import { and, asc, eq, sql } from "drizzle-orm";
import { ofQuote, type Drawing } from "./drawings.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { drawingApprovals, drawings } from "./schema/index.ts";

export type DrawingApproval = typeof drawingApprovals.$inferSelect;

export const approvalsOfDrawing = (scope: Scope, drawingId: string) =>
  scope.db
    .select()
    .from(drawingApprovals)
    .where(ofTenant(scope, drawingApprovals, eq(drawingApprovals.drawing_id, drawingId)))
    .orderBy(asc(drawingApprovals.created_at), asc(drawingApprovals.id));

export const insertApprovalStatement = (scope: Scope, row: Omit<typeof drawingApprovals.$inferInsert, "tenant_id">) =>
  scope.db.insert(drawingApprovals).values({ ...row, tenant_id: scope.tenantId });

/** The latest decision on the drawing's current revision, as SQL over the outer `drawings` row. */
const latestDecision = (scope: Scope) =>
  sql`(select ${drawingApprovals.decision} from ${drawingApprovals} where ${and(
    eq(drawingApprovals.tenant_id, scope.tenantId),
    eq(drawingApprovals.drawing_id, drawings.id),
    eq(drawingApprovals.revision, drawings.revision),
  )} order by ${drawingApprovals.created_at} desc limit 1)`;

/** The outer `drawings` row's current revision has no approval as its latest decision. */
export const notApproved = (scope: Scope) => sql`coalesce(${latestDecision(scope)}, '') <> 'approved'`;

/**
 * The current drawings of a quote (requested for it or of its configurations)
 * whose current revision the customer has not approved: production of the
 * quote's order waits for these when the shop requires approval.
 */
export const drawingsAwaitingApproval = (scope: Scope, quoteId: string): Promise<Drawing[]> =>
  scope.db
    .select()
    .from(drawings)
    .where(ofTenant(scope, drawings, eq(drawings.status, "current"), ofQuote(scope, quoteId), notApproved(scope)))
    .orderBy(asc(drawings.drawing_number));
