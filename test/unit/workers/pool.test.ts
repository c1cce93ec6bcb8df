import { describe, expect, it } from "vitest";
import { poolSize, WorkerPool } from "../../../app/workers/pool.ts";

/** A task that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("analysis worker pool", () => {
  it("a slow file holds one worker while the others' files are analysed on the other, in the order dropped", async () => {
    let made = 0;
    const pool = new WorkerPool(2, () => ++made);
    const log: string[] = [];
    const slow = gate();
    const task = (name: string, wait?: Promise<void>) => (worker: number) => {
      log.push(`${name} on ${worker}`);
      return (wait ?? Promise.resolve()).then(() => name);
    };
    const big = pool.run(task("big", slow.opened));
    const small = [pool.run(task("a")), pool.run(task("b")), pool.run(task("c"))];
    expect(await Promise.all(small)).toEqual(["a", "b", "c"]);
    // The large file is still being read; every small one is done, one after another on worker 2.
    expect(log).toEqual(["big on 1", "a on 2", "b on 2", "c on 2"]);
    slow.open();
    expect(await big).toBe("big");
    expect(made).toBe(2);
  });

  it("a worker does one file at a time, and a file cancelled while waiting never starts", async () => {
    const pool = new WorkerPool(1, () => "w");
    const first = gate();
    let running = 0,
      most = 0,
      started = 0;
    const task = (wait?: Promise<void>) => async () => {
      started++;
      most = Math.max(most, ++running);
      await wait;
      running--;
      return started;
    };
    const one = pool.run(task(first.opened));
    const cancelled = new AbortController();
    const two = pool.run(task(), cancelled.signal);
    const three = pool.run(task());
    cancelled.abort(new Error("removed"));
    await expect(two).rejects.toThrow("removed");
    first.open();
    await Promise.all([one, three]);
    expect(started).toBe(2);
    expect(most).toBe(1);
  });

  it("a failing file frees its worker for the next", async () => {
    const pool = new WorkerPool(1, () => "w");
    await expect(pool.run(() => Promise.reject(new Error("bad file")))).rejects.toThrow("bad file");
    expect(await pool.run(async () => "next")).toBe("next");
  });

  it("keeps a core for the page but never fewer than two workers, nor more than three", () => {
    expect([undefined, 1, 2, 3, 4, 8, 32].map(poolSize)).toEqual([2, 2, 2, 2, 3, 3, 3]);
  });
});
