/**
 * The write fence of a tenant being moved (docs/decisions/0076-write-fence.md): on every data shard,
 * each tenant-owned table refuses inserts, updates and deletes of a tenant whose row on that shard is
 * flagged `shard_moving_to`. The move flags the row on the shard it copies from before copying, so no
 * write can land there once the copy has begun, whatever check a request passed before; the refusal
 * is D1's error with FENCE_MARK in it, answered as the move's 503.
 */

export const FENCE_MARK = "FABQUOTE_TENANT_MOVING";

/**
 * `shard_moving_to` of the copy a move left behind (or gave up on): its inserts and updates are still
 * refused, its deletes allowed, so it can be deleted in pieces while nothing else changes it.
 */
export const LEFT_BEHIND = -1;

/** A delete is refused only while the copy is the one being moved from (`shard_moving_to` a shard number). */
const OPERATIONS = [
  ["insert", "NEW", "IS NOT NULL"],
  ["update", "NEW", "IS NOT NULL"],
  ["delete", "OLD", ">= 0"],
] as const;

export const fenceTriggerName = (table: string, operation: (typeof OPERATIONS)[number][0]) => `${table}_write_fence_${operation}`;

/** The triggers that fence one table: what a migration adding a tenant-owned table must also create. */
export const fenceTriggers = (table: string) =>
  OPERATIONS.map(
    ([operation, row, fenced]) =>
      `CREATE TRIGGER \`${fenceTriggerName(table, operation)}\` BEFORE ${operation.toUpperCase()} ON \`${table}\` ` +
      `WHEN EXISTS (SELECT 1 FROM tenants WHERE id = ${row}.tenant_id AND shard_moving_to ${fenced}) ` +
      `BEGIN SELECT RAISE(ABORT, '${FENCE_MARK}'); END;`,
  );
