/**
 * A hostname as a shop types it ("https://Shop.Example.com/" → "shop.example.com"),
 * in the ASCII form DNS and certificates use (an internationalised name becomes
 * its xn-- form through the URL parser); null when it cannot be a hostname.
 */
export function normalizeHostname(input: string): string | null {
  const raw = input
    .trim()
    .replace(/^https?:\/\//i, "")
    .replace(/[/?#].*$/, "");
  if (raw.includes(":") || raw.includes("@")) return null;
  let host: string;
  try {
    host = new URL(`http://${raw}`).hostname.replace(/\.$/, "");
  } catch {
    return null;
  }
  if (host.length > 253 || !host.includes(".")) return null;
  const labels = host.split(".");
  if (!labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) return null;
  // An IPv4 address (or anything under an all-digit top label) is not a name a certificate is issued for.
  if (/^\d+$/.test(labels.at(-1)!)) return null;
  return host;
}

/** The platform's own names: the app's domain and every shop's subdomain of it. */
export const isPlatformHostname = (host: string, appDomain: string) => host === appDomain.toLowerCase() || host.endsWith(`.${appDomain.toLowerCase()}`);
