import type { DnsRecord } from "../db/schema/core.ts";

/** A custom hostname as the provider sees it. */
export interface ProviderHostname {
  ref: string;
  status: "pending" | "active" | "failed";
  /** What the shop creates at its DNS provider: the CNAME to us and the ownership/certificate TXT records. */
  dns_records: DnsRecord[];
  /** Why it is not active yet (or failed), in the provider's words. */
  problem: string | null;
}

/**
 * Who verifies a shop's hostname and issues its certificate. On Cloudflare
 * this is Cloudflare for SaaS (custom hostnames on the platform's zone); in
 * development and tests a local stand-in that verifies on the first check.
 */
export interface HostnameProvider {
  create(hostname: string): Promise<ProviderHostname>;
  check(ref: string): Promise<ProviderHostname>;
  remove(ref: string): Promise<void>;
}

/** The provider could not be reached or refused the call: the caller answers 502/503, nothing is stored. */
export class ProviderError extends Error {}
