import type { MoStatus } from "./routing.ts";

/**
 * Unit serial numbers (issue 13): each unit an MO makes is its number and
 * its place in the MO, `MO-2026-0042-03`, given when the MO becomes ready (its
 * units exist). The same serials come out wherever units are named: the MO,
 * the trace, the shipping papers, the EPCIS export.
 */
export function unitSerials(moNumber: string, quantity: number): string[] {
  const width = Math.max(2, String(quantity).length);
  return Array.from({ length: quantity }, (_, i) => `${moNumber}-${String(i + 1).padStart(width, "0")}`);
}

/** The states in which an MO's units have been made. */
const MADE: readonly MoStatus[] = ["ready", "shipped", "delivered"];
export const unitsMade = (status: MoStatus) => MADE.includes(status);
