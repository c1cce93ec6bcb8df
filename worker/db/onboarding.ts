import { eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { models, priceBooks, stripeAccounts, users } from "./schema/index.ts";
import { STAFF_ROLES } from "../../shared/access.ts";

const exists = (scope: Scope, table: typeof models | typeof priceBooks | typeof stripeAccounts | typeof users, ...conditions: (SQL | undefined)[]) =>
  scope.db
    .select({ one: sql<number>`1` })
    .from(table)
    .where(ofTenant(scope, table, ...conditions))
    .limit(1)
    .get()
    .then((row) => row !== undefined);

/** What the onboarding checklist asks of the data: one small query each, all at once. */
export async function onboardingFacts(scope: Scope) {
  const [ownPriceBook, stripe, colleague, triedStorefront] = await Promise.all([
    // Version 1 is the starter book every shop is created with.
    exists(scope, priceBooks, gt(priceBooks.version, 1)),
    exists(scope, stripeAccounts),
    scope.db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(ofTenant(scope, users, inArray(users.role, [...STAFF_ROLES])))
      .get()
      .then((r) => (r?.n ?? 0) > 1),
    // A part one of the shop's own people had priced on the storefront: uploaded by staff and analysed by the server.
    exists(
      scope,
      models,
      eq(models.status, "analyzed"),
      sql`exists (select 1 from ${users} where ${users.tenant_id} = ${scope.tenantId} and ${users.id} = ${models.owner_user_id} and ${inArray(users.role, [...STAFF_ROLES])})`,
    ),
  ]);
  return { ownPriceBook, stripe, colleague, triedStorefront };
}
