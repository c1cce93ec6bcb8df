import { decryptSecret } from "./secrets.ts";
import { hmacVerifyKey, verifyStandard } from "./standard-signature.ts";
import { verifyStripe } from "./stripe.ts";
import { findSourceByName, type WebhookSource } from "../db/webhook-sources.ts";
import type { Scope } from "../db/scope.ts";
import type { Env } from "../env.ts";

/** The signature headers of an inbound request, whichever scheme its source uses. */
export interface InboundHeaders {
  id: string | null;
  timestamp: string | null;
  signature: string | null;
  stripe_signature: string | null;
}

/** A source ready to verify with: its secrets decrypted once (and, for Standard Webhooks, imported as HMAC keys). */
export interface Verifier {
  source: Pick<WebhookSource, "id" | "name" | "scheme" | "tolerance_seconds">;
  verify(headers: InboundHeaders, body: Uint8Array): Promise<{ ok: true; id: string } | { ok: false; reason: string }>;
}

/** Loads the named source of a tenant and prepares its verifier; null when the shop has no such source. */
export async function loadVerifier(env: Env, scope: Scope, name: string): Promise<Verifier | null> {
  const row = await findSourceByName(scope, name);
  if (!row) return null;
  const secrets = await Promise.all(row.secrets.map((s) => decryptSecret(env, { tenantId: scope.tenantId, purpose: "webhook_source_secret" }, s.secret_enc)));
  const source = { id: row.id, name: row.name, scheme: row.scheme, tolerance_seconds: row.tolerance_seconds };
  if (row.scheme === "stripe") {
    return { source, verify: (h, body) => verifyStripe(secrets, h.stripe_signature, body, row.tolerance_seconds) };
  }
  const keys = await Promise.all(secrets.map(hmacVerifyKey));
  return { source, verify: (h, body) => verifyStandard(keys, { id: h.id, timestamp: h.timestamp, signature: h.signature }, body, row.tolerance_seconds) };
}
