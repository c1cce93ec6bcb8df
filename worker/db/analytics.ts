import { sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { FirstPassRow } from "../../engine/production/analytics.ts";
import { ofTenant, type Scope } from "./scope.ts";
import { configurations, correctiveActions, cuttingLists, manufacturingOrders, orders, products, qcCheckpoints, quoteItems, quotes } from "./schema/index.ts";

/** The aliases of the raw SQL below, so every table's tenant predicate comes from ofTenant. */
const q = alias(quotes, "q");
const o = alias(orders, "o");
const m = alias(manufacturingOrders, "m");
const c = alias(qcCheckpoints, "c");
const p = alias(qcCheckpoints, "p");
const i = alias(quoteItems, "i");
const cf = alias(configurations, "cf");
const pr = alias(products, "pr");

/** A period of time: `from` inclusive, `to` exclusive, in ms. */
export interface Period {
  from: number;
  to: number;
}

/** Orders that were placed: paid by card or on a purchase order. */
const PLACED = sql`('paid', 'purchase_order')`;

/**
 * The shop's analytics figures over a period, each aggregated by D1 (one
 * query per figure, none per row; decision 41).
 */
export async function analyticsFigures(scope: Scope, { from, to }: Period) {
  const db = scope.db;
  const [perDay, conversion, orderValues, delivery, firstPass, failedChecks, checkpointTimes, openActions, lists] = await Promise.all([
    db.all<{ day: string; count: number }>(sql`SELECT date(q.created_at / 1000, 'unixepoch') AS day, COUNT(*) AS count FROM quotes q
      WHERE ${ofTenant(scope, q, sql`q.created_at >= ${from} AND q.created_at < ${to}`)} GROUP BY day`),
    // Of the quotes made in the period, those ordered (at any time since): orders are unique per quote.
    db.get<{ quotes: number; ordered: number }>(sql`SELECT COUNT(*) AS quotes, COUNT(o.id) AS ordered FROM quotes q
      LEFT JOIN orders o ON ${ofTenant(scope, o, sql`o.quote_id = q.id AND o.status IN ${PLACED}`)}
      WHERE ${ofTenant(scope, q, sql`q.created_at >= ${from} AND q.created_at < ${to}`)}`),
    db.all<{ currency: string; orders: number; total: number }>(sql`SELECT o.currency, COUNT(*) AS orders, SUM(o.amount) AS total FROM orders o
      WHERE ${ofTenant(scope, o, sql`o.status IN ${PLACED} AND o.created_at >= ${from} AND o.created_at < ${to}`)}
      GROUP BY o.currency ORDER BY orders DESC, o.currency`),
    // Delivered is an MO's last state, so the MO's updated_at is when it was delivered.
    db.get<{ delivered: number; on_time: number | null }>(sql`SELECT COUNT(*) AS delivered, SUM(m.updated_at <= m.due_at) AS on_time FROM manufacturing_orders m
      WHERE ${ofTenant(scope, m, sql`m.status = 'delivered' AND m.updated_at >= ${from} AND m.updated_at < ${to}`)}`),
    // A stage passes first time when the first checkpoint of that MO and stage passed; counted in the period of that first checkpoint.
    db.all<FirstPassRow>(sql`SELECT c.stage AS stage, COALESCE(pr.generator_key, json_extract(i.options, '$.process'), 'part') AS family,
        COUNT(*) AS stages, SUM(c.overall_status = 'pass') AS passed
      FROM qc_checkpoints c
      JOIN manufacturing_orders m ON ${ofTenant(scope, m, sql`m.id = c.manufacturing_order_id`)}
      LEFT JOIN quote_items i ON ${ofTenant(scope, i, sql`i.id = m.quote_item_id`)}
      LEFT JOIN configurations cf ON ${ofTenant(scope, cf, sql`cf.id = i.configuration_id`)}
      LEFT JOIN products pr ON ${ofTenant(scope, pr, sql`pr.id = cf.product_id`)}
      WHERE ${ofTenant(
        scope,
        c,
        sql`c.created_at >= ${from} AND c.created_at < ${to} AND NOT EXISTS (SELECT 1 FROM qc_checkpoints p WHERE ${ofTenant(
          scope,
          p,
          sql`p.manufacturing_order_id = c.manufacturing_order_id AND p.stage = c.stage AND (p.created_at < c.created_at OR (p.created_at = c.created_at AND p.id < c.id))`,
        )})`,
      )}
      GROUP BY 1, 2`),
    db.all<{
      stage: string;
      description: string;
      failures: number;
    }>(sql`SELECT c.stage AS stage, json_extract(j.value, '$.description') AS description, COUNT(*) AS failures
      FROM qc_checkpoints c, json_each(c.checks) j
      WHERE ${ofTenant(scope, c, sql`c.created_at >= ${from} AND c.created_at < ${to} AND json_extract(j.value, '$.status') = 'fail'`)}
      GROUP BY 1, 2 ORDER BY failures DESC, stage, description LIMIT 10`),
    // A checkpoint's time: since the MO's previous checkpoint, or since the MO was created for its first.
    db.get<{ checkpoints: number; mean_minutes: number | null }>(sql`SELECT COUNT(*) AS checkpoints, AVG((c.created_at - COALESCE(
        (SELECT MAX(p.created_at) FROM qc_checkpoints p WHERE ${ofTenant(scope, p, sql`p.manufacturing_order_id = c.manufacturing_order_id AND p.created_at < c.created_at`)}),
        m.created_at)) / 60000.0) AS mean_minutes
      FROM qc_checkpoints c JOIN manufacturing_orders m ON ${ofTenant(scope, m, sql`m.id = c.manufacturing_order_id`)}
      WHERE ${ofTenant(scope, c, sql`c.created_at >= ${from} AND c.created_at < ${to}`)}`),
    db.get<{ open: number }>(
      sql`SELECT COUNT(*) AS open FROM ${correctiveActions} WHERE ${ofTenant(scope, correctiveActions, sql`${correctiveActions.closed_at} IS NULL`)}`,
    ),
    db.all<{ r2_key: string; total: number }>(sql`SELECT ${cuttingLists.r2_key} AS r2_key, COUNT(*) OVER () AS total FROM ${cuttingLists}
      WHERE ${ofTenant(scope, cuttingLists, sql`${cuttingLists.created_at} >= ${from} AND ${cuttingLists.created_at} < ${to}`)}
      ORDER BY ${cuttingLists.created_at} DESC LIMIT ${MAX_CUTTING_LISTS}`),
  ]);
  return {
    perDay,
    conversion: conversion ?? { quotes: 0, ordered: 0 },
    orderValues,
    delivery: { delivered: delivery?.delivered ?? 0, on_time: delivery?.on_time ?? 0 },
    firstPass,
    failedChecks,
    meanMinutes: checkpointTimes?.mean_minutes ?? null,
    openActions: openActions?.open ?? 0,
    cuttingLists: { keys: lists.map((l) => l.r2_key), total: lists[0]?.total ?? 0 },
  };
}

/** The most cutting lists read from R2 for one summary: the newest of the period; the answer says when there were more. */
export const MAX_CUTTING_LISTS = 100;
