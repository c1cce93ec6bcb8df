import { sha256Hex } from "../auth/tokens.ts";

/** A UUID-shaped id derived from a seed (an event id, an order id): every attempt of the same work gets the same id, so a retry finds (or overwrites) what an earlier one made. */
export async function derivedId(seed: string, purpose: string) {
  const h = await sha256Hex(`${seed}:${purpose}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
