import { gt, inArray, sql, type SQL } from "drizzle-orm";
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
    exists(scope, models),
  ]);
  return { ownPriceBook, stripe, colleague, triedStorefront };
}
