import type { Priority } from "../db/schema/index.ts";

/** Attempts in all, by priority (seed §5.3.1: critical 5, high 4, medium 3, low 2). */
export const MAX_ATTEMPTS: Record<Priority, number> = { critical: 5, high: 4, medium: 3, low: 2 };

const BASE_SECONDS = 2;
const CAP_SECONDS = 300;
/** Queues accept at most 12 h of delay. */
export const MAX_DELAY_SECONDS = 12 * 3600;

/**
 * Delay before the attempt after `attempt` (1-based): exponential (2 s, 4 s,
 * 8 s … capped at 5 min) with "equal jitter" — half fixed, half random — so
 * retries of many failures spread out but still grow.
 */
export function backoffSeconds(attempt: number, random = Math.random()): number {
  const ceiling = Math.min(CAP_SECONDS, BASE_SECONDS * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.ceil(ceiling / 2 + random * (ceiling / 2)));
}

export const hasAttemptsLeft = (priority: Priority, attemptsMade: number) => attemptsMade < MAX_ATTEMPTS[priority];
