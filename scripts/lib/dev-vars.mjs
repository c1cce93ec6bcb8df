import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

/**
 * The development key that wrangler.toml carried until secrets moved to `.dev.vars`. It is public,
 * so it is only ever a *previous* key: it decrypts secrets already in local state (legacy v1 or v2
 * under its id) and encrypts nothing new. See docs/decisions/0014-secrets-at-rest.md.
 */
const LEGACY_DEV_KEY = "Yj0p6GtEcAsnT71mJXKQkbr88oWNCp5jMZUPdm3go5o=";

/**
 * Makes sure `.dev.vars` (git-ignored; read by `wrangler dev`) holds a SECRETS_KEY, writing a
 * fresh random one when the file or the key is missing. Local state from before the move keeps
 * decrypting through SECRETS_KEYS_PREVIOUS. Returns true when it wrote the file.
 */
export function ensureDevVars(path = ".dev.vars", { hadLocalState = existsSync(".wrangler/state") } = {}) {
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  if (/^SECRETS_KEY\s*=\s*\S/m.test(current)) return false;
  const lines = [
    current.trimEnd(),
    "# Development secrets for `wrangler dev` (git-ignored). Production: `wrangler secret put SECRETS_KEY`.",
    `SECRETS_KEY="${randomBytes(32).toString("base64")}"`,
  ];
  if (!/^WEBHOOK_ALLOW_HOSTS\s*=/m.test(current)) {
    lines.push("# Outbound webhooks to these hosts skip the SSRF checks (never honoured in production).", 'WEBHOOK_ALLOW_HOSTS="localhost,127.0.0.1"');
  }
  if (hadLocalState && !/^SECRETS_KEYS_PREVIOUS\s*=/m.test(current)) {
    lines.push(
      "# Decrypts secrets stored under the old committed development key; drop it after `npm run reset`.",
      `SECRETS_KEYS_PREVIOUS="${LEGACY_DEV_KEY}"`,
    );
  }
  writeFileSync(path, `${lines.filter(Boolean).join("\n")}\n`, { mode: 0o600 });
  return true;
}

/**
 * Makes sure `.dev.vars` holds a PLATFORM_TOKEN (the operator's secret for /internal/shards, which
 * `npm run shard:move` sends); production: `wrangler secret put PLATFORM_TOKEN`. Returns the token.
 */
export function ensurePlatformToken(path = ".dev.vars") {
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  const found = /^PLATFORM_TOKEN\s*=\s*"?([^"\s]+)"?/m.exec(current);
  if (found) return found[1];
  const token = randomBytes(24).toString("hex");
  const lines = [current.trimEnd(), "# The platform operator's secret for moving shops between shards (`npm run shard:move`).", `PLATFORM_TOKEN="${token}"`];
  writeFileSync(path, `${lines.filter(Boolean).join("\n")}\n`, { mode: 0o600 });
  return token;
}
