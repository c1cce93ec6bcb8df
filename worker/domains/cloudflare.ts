import type { DnsRecord } from "../db/schema/core.ts";
import { ProviderError, type HostnameProvider, type ProviderHostname } from "./provider.ts";

/** The parts of Cloudflare's custom hostname object this client reads. */
interface CustomHostname {
  id: string;
  hostname: string;
  status: string;
  verification_errors?: string[];
  ownership_verification?: { type: string; name: string; value: string };
  ssl?: { status?: string; validation_records?: { txt_name?: string; txt_value?: string }[]; validation_errors?: { message: string }[] };
}

interface Answer<T> {
  success: boolean;
  errors: { code: number; message: string }[];
  result: T;
}

const FAILED_HOSTNAME = new Set(["blocked", "moved", "deleted"]);
const FAILED_SSL = new Set(["validation_timed_out", "issuance_timed_out", "deployment_timed_out", "deleted"]);

/**
 * Cloudflare for SaaS custom hostnames (POST/GET/DELETE
 * /zones/{zone}/custom_hostnames), with TXT validation so the shop can create
 * every record before pointing its CNAME at us. Three calls: a client of our
 * own rather than the whole Cloudflare SDK in the Worker.
 */
export class CloudflareHostnames implements HostnameProvider {
  private readonly config: { token: string; zoneId: string; target: string };
  private readonly fetcher: typeof fetch;

  constructor(config: { token: string; zoneId: string; target: string }, fetcher: typeof fetch = (input, init) => fetch(input, init)) {
    this.config = config;
    this.fetcher = fetcher;
  }

  async create(hostname: string) {
    return this.present(await this.call<CustomHostname>("POST", "", { hostname, ssl: { method: "txt", type: "dv" } }));
  }

  async check(ref: string) {
    return this.present(await this.call<CustomHostname>("GET", `/${encodeURIComponent(ref)}`));
  }

  async remove(ref: string) {
    await this.call("DELETE", `/${encodeURIComponent(ref)}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `https://api.cloudflare.com/client/v4/zones/${encodeURIComponent(this.config.zoneId)}/custom_hostnames${path}`;
    let response: Response;
    try {
      response = await this.fetcher(url, {
        method,
        headers: { authorization: `Bearer ${this.config.token}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      throw new ProviderError(`Cloudflare could not be reached: ${(e as Error).message}`);
    }
    const answer = (await response.json().catch(() => null)) as Answer<T> | null;
    if (!response.ok || !answer?.success) {
      const reason = answer?.errors?.map((e) => `${e.message} (${e.code})`).join("; ") || `HTTP ${response.status}`;
      throw new ProviderError(`Cloudflare refused the custom hostname call: ${reason}`);
    }
    return answer.result;
  }

  private present(h: CustomHostname): ProviderHostname {
    const records: DnsRecord[] = [{ type: "CNAME", name: h.hostname, value: this.config.target }];
    if (h.ownership_verification?.type === "txt") records.push({ type: "TXT", name: h.ownership_verification.name, value: h.ownership_verification.value });
    for (const v of h.ssl?.validation_records ?? []) if (v.txt_name && v.txt_value) records.push({ type: "TXT", name: v.txt_name, value: v.txt_value });
    const sslStatus = h.ssl?.status ?? "initializing";
    const failed = FAILED_HOSTNAME.has(h.status) || FAILED_SSL.has(sslStatus);
    const active = h.status === "active" && sslStatus === "active";
    const problem = active
      ? null
      : (h.verification_errors?.[0] ??
        h.ssl?.validation_errors?.[0]?.message ??
        (h.status === "active" ? `The certificate is being issued (${sslStatus.replaceAll("_", " ")}).` : `The hostname is ${h.status}.`));
    return { ref: h.id, status: failed ? "failed" : active ? "active" : "pending", dns_records: records, problem };
  }
}
