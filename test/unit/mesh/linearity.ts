/**
 * Linearity check for the readers: a file of size n and one of size 2n are read, the
 * size n growing from `start` until its read takes long enough that timer noise is
 * small; the larger read must then take at most `maxRatio` times as long (a linear
 * reader takes about 2×, a quadratic one about 4×). Each time is the best of a few
 * runs, and the comparison is repeated a few times on a busy machine before it fails.
 */
export interface Scaling {
  n: number;
  smallMs: number;
  largeMs: number;
  ratio: number;
}

export interface ScalingOptions {
  /** The size to start growing from. */
  start: number;
  /** The largest size tried while growing. */
  max: number;
  /** The smaller read must take at least this long (ms). */
  minMs?: number;
  maxRatio?: number;
}

async function bestOf<T>(input: T, read: (input: T) => unknown, runs: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await read(input);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Whether reading doubles in time at most about as the input doubles; the last attempt's figures. */
export async function scaling<T>(make: (n: number) => T, read: (input: T) => unknown, options: ScalingOptions): Promise<Scaling> {
  const { start, max, minMs = 60, maxRatio = 3 } = options;
  let n = start;
  let small = make(n);
  let smallMs = await bestOf(small, read, 3);
  while (smallMs < minMs && n * 2 <= max) {
    n *= 2;
    small = make(n);
    smallMs = await bestOf(small, read, 3);
  }
  const large = make(2 * n);
  let result: Scaling = { n, smallMs, largeMs: Infinity, ratio: Infinity };
  for (let attempt = 0; attempt < 3 && !(result.ratio <= maxRatio); attempt++) {
    const s = await bestOf(small, read, 3);
    const l = await bestOf(large, read, 3);
    result = { n, smallMs: s, largeMs: l, ratio: l / s };
  }
  return result;
}
