import type { Scope } from "../worker/db/scope.ts";
import type { Env } from "../worker/env.ts";

/** What a stub's name needs of a scope: queue consumers have the tenant id before they open a database. */
type TenantRef = Pick<Scope, "tenantId">;

/**
 * The one place Durable Object names are made. Every name starts with the
 * tenant id, so no two shops ever share an instance (or its idempotency
 * claims, breaker state, live sockets).
 */

/** The coordinator of one quote: serialises its re-pricing and pushes its live status. */
export const quoteCoordinator = (env: Env, scope: TenantRef, quoteId: string) => env.QUOTE_COORDINATOR.getByName(`${scope.tenantId}:${quoteId}`);

/** The coordinator of one configuration: runs its jobs one at a time. */
export const configurationCoordinator = (env: Env, scope: TenantRef, configurationId: string) =>
  env.QUOTE_COORDINATOR.getByName(`${scope.tenantId}:configuration:${configurationId}`);

/** The idempotency inbox of one inbound webhook source. */
export const webhookInbox = (env: Env, scope: TenantRef, source: string) => env.WEBHOOK_INBOX.getByName(`${scope.tenantId}:${source}`);

/** The rate-limit counters of one API key. */
export const apiKeyLimiter = (env: Env, scope: TenantRef, keyId: string) => env.API_KEY_LIMITER.getByName(`${scope.tenantId}:${keyId}`);

/** The circuit breaker of one outbound webhook endpoint. */
export const endpointBreaker = (env: Env, scope: TenantRef, endpointId: string) => env.ENDPOINT_BREAKER.getByName(`${scope.tenantId}:${endpointId}`);
