import type { Tenant } from "../db/tenants.ts";

/** What a shop's quotes and checkout say until it writes its own terms (version 1 of every shop's terms). */
export const STANDARD_TERMS = [
  "Prices are in the currency shown, net of tax unless marked as included, and hold until the validity date above.",
  "Lead times count working days from order and payment. Parts are made to the files supplied; the notes on each line are part of this quote.",
].join("\n");

/** The shop's current terms: every change of their text is a new version, so an order can name the one accepted. */
export function currentTerms(tenant: Pick<Tenant, "settings">): { version: number; text: string } {
  const s = tenant.settings;
  return { version: s.terms_version ?? 1, text: s.quote_terms?.trim() || STANDARD_TERMS };
}

/** The text of an earlier version (null when the shop never had it). */
export function termsVersion(tenant: Pick<Tenant, "settings">, version: number): string | null {
  const current = currentTerms(tenant);
  if (version === current.version) return current.text;
  if (version === 1) return tenant.settings.terms_history?.find((t) => t.version === 1)?.text ?? STANDARD_TERMS;
  return tenant.settings.terms_history?.find((t) => t.version === version)?.text ?? null;
}
