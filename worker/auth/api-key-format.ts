import { randomToken } from "./tokens.ts";

/**
 * API keys read `fq_<prefix>_<secret>`: the prefix is public (shown in lists,
 * used to find the row), the secret is stored only as its SHA-256. A
 * high-entropy secret needs no slow hash.
 */
const FORMAT = /^fq_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function newApiKey() {
  const prefix = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
  const secret = randomToken(32);
  return { prefix, secret, key: `fq_${prefix}_${secret}` };
}

export const parseApiKey = (key: string) => {
  const m = FORMAT.exec(key);
  return m ? { prefix: m[1], secret: m[2] } : null;
};
