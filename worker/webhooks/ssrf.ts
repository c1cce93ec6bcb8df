/**
 * Where outbound webhooks may go: https on port 443 to a DNS name (never an IP
 * literal) that is not a local, internal or metadata name, and that does not
 * resolve to a private, loopback, link-local, CGNAT or otherwise reserved
 * address. The WHATWG URL parser has already normalised decimal, octal and hex
 * IPv4 forms (`2130706433`, `0177.0.0.1`, `0x7f.1`) to dotted quads and IPv6 to
 * its compressed form, so those arrive here as IP literals; trailing dots
 * (`localhost.`) are removed here before any name is compared.
 *
 * Every environment runs the same checks. Outside production, hosts listed in
 * `WEBHOOK_ALLOW_HOSTS` (comma-separated; tests and `.dev.vars` set it) skip
 * the host, port and DNS checks — the one, explicit difference.
 */

import type { Env } from "../env.ts";

export type Destination = { ok: true; url: URL; allowListed: boolean } | { ok: false; reason: string };

const BLOCKED_NAMES = new Set(["localhost", "metadata", "metadata.google.internal", "instance-data", "kubernetes.default"]);
const BLOCKED_SUFFIXES = [
  ".localhost",
  ".local",
  ".localdomain",
  ".internal",
  ".intranet",
  ".lan",
  ".home.arpa",
  ".corp",
  ".private",
  ".svc",
  ".consul",
  ".in-addr.arpa",
  ".ip6.arpa",
];

/** Allow-listed loopback hosts (a developer's own machine) may also use plain http. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** `localhost.` and `Metadata.Google.Internal..` name the same hosts as without the dots. */
const normalHost = (hostname: string) => hostname.toLowerCase().replace(/\.+$/, "");

/** The allow-list, honoured outside production only. */
export const allowedHosts = (env: Pick<Env, "ENVIRONMENT" | "WEBHOOK_ALLOW_HOSTS">): string[] =>
  env.ENVIRONMENT === "production"
    ? []
    : (env.WEBHOOK_ALLOW_HOSTS ?? "")
        .split(",")
        .map((h) => normalHost(h.trim()))
        .filter(Boolean);

export function checkDestination(raw: string, allowHosts: readonly string[]): Destination {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "is not a URL" };
  }
  if (url.username || url.password) return { ok: false, reason: "must not carry credentials" };
  const host = normalHost(url.hostname);
  if (allowHosts.includes(host) && (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(host)))) return { ok: true, url, allowListed: true };
  if (url.protocol !== "https:") return { ok: false, reason: "must use https" };
  if (url.port !== "" && url.port !== "443") return { ok: false, reason: "must use port 443" };
  if (isIpLiteral(host)) return { ok: false, reason: "must be a host name, not an IP address" };
  if (!host.includes(".") || BLOCKED_NAMES.has(host) || BLOCKED_SUFFIXES.some((s) => host.endsWith(s))) {
    return { ok: false, reason: "must be a public host name" };
  }
  url.hostname = host;
  return { ok: true, url, allowListed: false };
}

/**
 * The whole guard, run right before each delivery: the static check, then DNS
 * for anything not allow-listed. Workers cannot pin the fetch to the address
 * checked, so a rebinding window of one DNS TTL remains; the fetch itself runs
 * on Cloudflare's network, which does not reach our private addresses.
 */
export async function guardDestination(env: Pick<Env, "ENVIRONMENT" | "WEBHOOK_ALLOW_HOSTS">, raw: string, lookup: typeof fetch = fetch): Promise<Destination> {
  const destination = checkDestination(raw, allowedHosts(env));
  if (!destination.ok || destination.allowListed) return destination;
  const resolved = await resolvesPublicly(destination.url.hostname, lookup);
  return resolved.ok ? destination : { ok: false, reason: `host ${resolved.reason}` };
}

/** After URL parsing: a dotted quad, a bracketed IPv6 address, or anything left numeric-looking. */
export const isIpLiteral = (host: string) => host.startsWith("[") || /^[0-9.]+$/.test(host) || /^0x[0-9a-f.x]*$/i.test(host);

// ---- address classification (for DNS answers) -------------------------------------------------

type Cidr = [bigint, number];

const V4_BLOCKED: [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // TEST-NET-1
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // TEST-NET-2
  ["203.0.113.0", 24], // TEST-NET-3
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

const V6_BLOCKED: [string, number][] = [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001::", 23], // IETF protocol assignments (incl. Teredo 2001::/32)
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
];

function parseV4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(text: string): bigint | null {
  let t = text.replace(/^\[|\]$/g, "").toLowerCase();
  const zone = t.indexOf("%");
  if (zone >= 0) t = t.slice(0, zone);
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two hextets.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (quad) {
    const v4 = parseV4(quad[1]);
    if (v4 === null) return null;
    t = `${t.slice(0, -quad[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = t.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const v4Cidrs: Cidr[] = V4_BLOCKED.map(([a, bits]) => [parseV4(a)!, bits]);
const v6Cidrs: Cidr[] = V6_BLOCKED.map(([a, bits]) => [parseV6(a)!, bits]);
const inCidr = (value: bigint, [base, bits]: Cidr, width: number) => value >> BigInt(width - bits) === base >> BigInt(width - bits);

const isBlockedV4 = (v: bigint) => v4Cidrs.some((c) => inCidr(v, c, 32));

/** IPv6, including every form that embeds an IPv4 address (mapped, compatible, NAT64, 6to4). */
function isBlockedV6(v: bigint): boolean {
  if (v6Cidrs.some((c) => inCidr(v, c, 128))) return true;
  const low32 = v & 0xffffffffn;
  if (v >> 32n === 0xffffn) return isBlockedV4(low32); // ::ffff:a.b.c.d (mapped)
  if (v >> 32n === 0n) return isBlockedV4(low32); // ::a.b.c.d (compatible, deprecated)
  if (v >> 32n === 0x0064ff9b0000000000000000n) return isBlockedV4(low32); // 64:ff9b::/96 NAT64
  if (v >> 112n === 0x2002n) return isBlockedV4((v >> 80n) & 0xffffffffn); // 6to4 2002:aabb:ccdd::
  return false;
}

/** True for addresses a webhook must never reach; anything unparseable counts as blocked. */
export function isBlockedAddress(address: string): boolean {
  const v4 = parseV4(address);
  if (v4 !== null) return isBlockedV4(v4);
  const v6 = parseV6(address);
  return v6 === null ? true : isBlockedV6(v6);
}

/**
 * Resolves a host over DNS-over-HTTPS and refuses it when any answer is a
 * blocked address (a public name pointing at 10.0.0.1 is a classic SSRF).
 */
export async function resolvesPublicly(host: string, lookup: typeof fetch = fetch): Promise<{ ok: true } | { ok: false; reason: string }> {
  const answers: string[] = [];
  for (const type of ["A", "AAAA"]) {
    const res = await lookup(`https://cloudflare-dns.com/dns-query?name=${encodeURIComponent(host)}&type=${type}`, {
      headers: { accept: "application/dns-json" },
      signal: AbortSignal.timeout(3000),
    });
    if (!res.ok) throw new Error(`DNS lookup of ${host} failed with ${res.status}`);
    const body = (await res.json()) as { Answer?: { type: number; data: string }[] };
    for (const a of body.Answer ?? []) if (a.type === 1 || a.type === 28) answers.push(a.data);
  }
  if (answers.length === 0) return { ok: false, reason: "does not resolve" };
  const blocked = answers.find(isBlockedAddress);
  return blocked ? { ok: false, reason: `resolves to a non-public address (${blocked})` } : { ok: true };
}
