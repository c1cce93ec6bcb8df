/**
 * A small pool of workers, each analysing one file at a time: files are handed to
 * whichever worker is free, in the order they were dropped, so one slow file holds
 * one worker and the others go on. Workers are started on first need. No DOM here:
 * the page supplies how a worker is made.
 */
export class WorkerPool<W> {
  private readonly idle: W[] = [];
  private readonly waiting: { start: (worker: W) => void; signal?: AbortSignal }[] = [];
  private started = 0;
  private readonly size: number;
  private readonly create: () => W;

  constructor(size: number, create: () => W) {
    this.size = Math.max(1, Math.floor(size));
    this.create = create;
  }

  /** Runs `task` on a free worker once one is free; a task aborted while it waits never starts. */
  run<T>(task: (worker: W) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (worker: W) => {
        task(worker)
          .then(resolve, reject)
          .finally(() => this.release(worker));
      };
      const worker = this.take();
      if (worker) return start(worker);
      const entry = { start, signal };
      this.waiting.push(entry);
      signal?.addEventListener(
        "abort",
        () => {
          const at = this.waiting.indexOf(entry);
          if (at < 0) return;
          this.waiting.splice(at, 1);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Every worker started so far (to warm them up, for instance). */
  ensureStarted(count = 1): W[] {
    while (this.started < Math.min(count, this.size)) this.idle.push(this.spawn());
    return [...this.idle];
  }

  private take(): W | undefined {
    if (this.idle.length > 0) return this.idle.pop();
    if (this.started < this.size) return this.spawn();
    return undefined;
  }

  private spawn(): W {
    this.started++;
    return this.create();
  }

  private release(worker: W): void {
    const next = this.waiting.shift();
    if (next) next.start(worker);
    else this.idle.push(worker);
  }
}

/**
 * Workers for a machine with `cores` logical cores: one core stays with the page,
 * but at least two workers (so a slow file never stalls the rest), at most three
 * (each holds a kernel whose memory grows with the largest mesh it has read).
 */
export const poolSize = (cores: number | undefined) => Math.min(3, Math.max(2, (cores ?? 2) - 1));
