import type { Env } from "../env.ts";
import { CloudflareHostnames } from "./cloudflare.ts";
import { LocalHostnames } from "./local.ts";
import type { HostnameProvider } from "./provider.ts";

/** Cloudflare when its credentials are set; the local stand-in only outside production (null: custom domains are off). */
export function hostnameProvider(env: Env): HostnameProvider | null {
  const target = env.CUSTOM_HOSTNAME_TARGET ?? `shops.${env.APP_DOMAIN}`;
  if (env.CF_API_TOKEN && env.CF_ZONE_ID) return new CloudflareHostnames({ token: env.CF_API_TOKEN, zoneId: env.CF_ZONE_ID, target });
  return env.ENVIRONMENT === "production" ? null : new LocalHostnames(target);
}
