import { eq, sql, type SQL } from "drizzle-orm";
import { ofTenant, type Scope } from "./scope.ts";
import { sequences } from "./schema/index.ts";

/** The documents that carry a number, and how many digits the count gets. */
const DIGITS = { Q: 4, ORD: 4, INV: 4, MO: 4, SHP: 4, LOT: 5, DR: 4, PRJ: 3 } as const;

/**
 * A gapless document number (PREFIX-YYYY-NNNN): `advance` moves the tenant's
 * counter for the year and `number` is the SQL that reads it, for the insert
 * that follows `advance` in the same batch — they commit together, so numbers
 * are unique and gapless under any concurrency (docs/decisions/0002-document-numbers.md).
 * With `onlyIf`, the counter moves only when the condition holds as the batch
 * runs; the insert must then be refused the same way (the same condition, or a
 * unique key it would break), or a number would be skipped.
 */
export function documentNumber(scope: Scope, prefix: keyof typeof DIGITS, year: number, onlyIf?: SQL) {
  const name = `${prefix}-${year}`;
  const next = { target: [sequences.tenant_id, sequences.name], set: { value: sql`${sequences.value} + 1` } };
  const advance = onlyIf
    ? // insert(…).select(sql) lists every column in table order.
      scope.db.insert(sequences).select(sql`SELECT ${scope.tenantId}, ${name}, 1 WHERE ${onlyIf}`).onConflictDoUpdate(next)
    : scope.db.insert(sequences).values({ tenant_id: scope.tenantId, name, value: 1 }).onConflictDoUpdate(next);
  const format = sql.raw(`'${prefix}-%d-%0${DIGITS[prefix]}d'`);
  const number = sql`(SELECT printf(${format}, ${year}, ${sequences.value}) FROM ${sequences} WHERE ${ofTenant(scope, sequences, eq(sequences.name, name))})`;
  return { advance, number };
}

/**
 * A drawing's sequence under its prefix (`SPW600E-ELV` → `SPW600E-ELV-001`):
 * gapless per tenant and prefix by the same advance-then-read batch as
 * documentNumber, with no year in it.
 */
export function drawingSequence(scope: Scope, prefix: string) {
  const name = `DRW:${prefix}`;
  const advance = scope.db
    .insert(sequences)
    .values({ tenant_id: scope.tenantId, name, value: 1 })
    .onConflictDoUpdate({ target: [sequences.tenant_id, sequences.name], set: { value: sql`${sequences.value} + 1` } });
  const number = sql`(SELECT printf('%s-%03d', ${prefix}, ${sequences.value}) FROM ${sequences} WHERE ${ofTenant(scope, sequences, eq(sequences.name, name))})`;
  return { advance, number };
}
