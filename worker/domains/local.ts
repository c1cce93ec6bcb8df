import type { HostnameProvider, ProviderHostname } from "./provider.ts";

/**
 * Development's and the tests' stand-in for Cloudflare for SaaS: the same
 * records to show, and the hostname verified on its first check (there is no
 * DNS to look at locally). The ref carries the hostname, so nothing is kept.
 */
export class LocalHostnames implements HostnameProvider {
  private readonly target: string;

  constructor(target: string) {
    this.target = target;
  }

  async create(hostname: string): Promise<ProviderHostname> {
    return { ...this.records(hostname), status: "pending", problem: "The CNAME record has not been seen yet." };
  }

  async check(ref: string): Promise<ProviderHostname> {
    return { ...this.records(ref.replace(/^local:/, "")), status: "active", problem: null };
  }

  async remove(): Promise<void> {}

  private records(hostname: string) {
    return {
      ref: `local:${hostname}`,
      dns_records: [
        { type: "CNAME" as const, name: hostname, value: this.target },
        { type: "TXT" as const, name: `_cf-custom-hostname.${hostname}`, value: `local-${hostname.replace(/\W/g, "-")}` },
      ],
    };
  }
}
