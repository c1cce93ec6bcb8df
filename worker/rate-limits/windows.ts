import type { TierLimits } from "./tiers.ts";

/**
 * The counters of one API key: a token bucket for bursts (size `burst`,
 * refilled at `per_minute` / 60 s) and fixed UTC windows of a minute, an hour
 * and a day. A request passes only if every one has room; a refused request
 * consumes nothing. Pure, so the Durable Object that holds the state
 * (durable-objects/api-key-limiter.ts) only loads and saves it.
 */
export interface WindowState {
  tokens: number;
  refilled_at: number;
  windows: Record<WindowName, { start: number; count: number }>;
}

const WINDOWS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
type WindowName = keyof typeof WINDOWS;

/** What the response headers say: the window closest to refusing (IETF RateLimit header fields draft). */
export interface RateLimitOutcome {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until that window has room again (or is full again, for the bucket). */
  reset_seconds: number;
  /** When refused: seconds until a request would pass. */
  retry_after_seconds: number;
  /** `100;w=60, 5000;w=3600, …`: every window of the tier. */
  policy: string;
}

const limitOf = (limits: TierLimits, name: WindowName) => (name === "minute" ? limits.per_minute : name === "hour" ? limits.per_hour : limits.per_day);

export function takeToken(previous: WindowState | null, limits: TierLimits, now: number): { outcome: RateLimitOutcome; state: WindowState } {
  const perMs = limits.per_minute / WINDOWS.minute;
  const elapsed = previous ? Math.max(0, now - previous.refilled_at) : 0;
  const tokens = previous ? Math.min(limits.burst, previous.tokens + elapsed * perMs) : limits.burst;
  const windows = {} as WindowState["windows"];
  for (const name of Object.keys(WINDOWS) as WindowName[]) {
    const start = Math.floor(now / WINDOWS[name]) * WINDOWS[name];
    const old = previous?.windows[name];
    windows[name] = { start, count: old && old.start === start ? old.count : 0 };
  }

  // resetMs: given how much is used, when the gauge is empty again (the bucket refills continuously).
  type Gauge = { limit: number; used: number; resetMs: (used: number) => number; waitMs: number };
  const gauges: Gauge[] = [{ limit: limits.burst, used: limits.burst - tokens, resetMs: (used) => used / perMs, waitMs: (1 - tokens) / perMs }];
  for (const name of Object.keys(WINDOWS) as WindowName[]) {
    const limit = limitOf(limits, name);
    if (limit === null) continue;
    const resetMs = windows[name].start + WINDOWS[name] - now;
    gauges.push({ limit, used: windows[name].count, resetMs: () => resetMs, waitMs: resetMs });
  }
  const blocking = gauges.filter((g) => g.limit - g.used < 1);
  const allowed = blocking.length === 0;

  const state: WindowState = allowed
    ? { tokens: tokens - 1, refilled_at: now, windows: mapWindows(windows, (w) => ({ ...w, count: w.count + 1 })) }
    : { tokens, refilled_at: now, windows };
  // Remaining after this request, reported for the gauge with the least room.
  const after = gauges.map((g) => {
    const used = g.used + (allowed ? 1 : 0);
    return { limit: g.limit, remaining: Math.max(0, Math.floor(g.limit - used)), resetMs: g.resetMs(used) };
  });
  const tightest = after.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  return {
    state,
    outcome: {
      allowed,
      limit: tightest.limit,
      remaining: tightest.remaining,
      reset_seconds: seconds(tightest.resetMs),
      retry_after_seconds: allowed ? 0 : seconds(Math.max(...blocking.map((g) => g.waitMs))),
      policy: (Object.keys(WINDOWS) as WindowName[])
        .flatMap((name) => {
          const limit = limitOf(limits, name);
          return limit === null ? [] : [`${limit};w=${WINDOWS[name] / 1000}`];
        })
        .join(", "),
    },
  };
}

const mapWindows = (w: WindowState["windows"], f: (x: { start: number; count: number }) => { start: number; count: number }) => ({
  minute: f(w.minute),
  hour: f(w.hour),
  day: f(w.day),
});
