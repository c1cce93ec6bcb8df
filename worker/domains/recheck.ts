import { pendingDomainsDue, updateDomain, type TenantDomain } from "../db/domains.ts";
import type { Db } from "../db/client.ts";
import type { Scope } from "../db/scope.ts";
import type { Env } from "../env.ts";
import { hostnameProvider } from "./choose.ts";
import { ProviderError, type HostnameProvider } from "./provider.ts";

/** How long a pending hostname's last answer stands before it is asked about again. */
export const RECHECK_MS = 15_000;
/** Pending hostnames the scheduled run asks about, the longest unchecked first: a bounded number of provider calls per run. */
export const SCHEDULED_RECHECKS = 25;

/** Asks the provider about pending hostnames not checked for RECHECK_MS; a provider failure leaves them as they were. */
export async function recheck(scope: Scope, provider: HostnameProvider | null, domains: TenantDomain[], now = Date.now()) {
  const due = domains.filter((d) => d.status === "pending" && d.provider_ref && (d.checked_at ?? 0) + RECHECK_MS <= now);
  if (!provider || due.length === 0) return domains;
  const checked = await Promise.all(due.map((d) => provider.check(d.provider_ref!).catch((e) => (e instanceof ProviderError ? null : Promise.reject(e)))));
  const fresh = new Map<string, TenantDomain>();
  await Promise.all(
    due.map((d, i) => {
      const found = checked[i];
      if (!found) return null;
      const patch = {
        status: found.status,
        dns_records: found.dns_records,
        problem: found.problem,
        checked_at: now,
        verified_at: found.status === "active" ? (d.verified_at ?? now) : null,
      };
      fresh.set(d.id!, { ...d, ...patch });
      return updateDomain(scope, d.id!, patch);
    }),
  );
  return domains.map((d) => fresh.get(d.id!) ?? d);
}

/**
 * The scheduled re-check: a hostname that becomes active is served without its shop opening the
 * domains page. Hostnames live on the control plane (decision 61), so this runs once per run over
 * every shop's, not per data shard; each shop's rows are updated through its own scope.
 */
export async function recheckPendingDomains(env: Env, control: Db, now = Date.now(), provider = hostnameProvider(env)) {
  if (!provider) return;
  const due = await pendingDomainsDue(control, now - RECHECK_MS, SCHEDULED_RECHECKS);
  const byTenant = new Map<string, TenantDomain[]>();
  for (const d of due) byTenant.set(d.tenant_id, [...(byTenant.get(d.tenant_id) ?? []), d]);
  for (const [tenantId, domains] of byTenant) await recheck({ db: control, control, tenantId }, provider, domains, now);
}
