/**
 * What the Worker says it spent on one request: `Server-Timing: worker;dur=<ms>`, set outside production
 * (worker/middleware/request-context.ts). Requests are sent one at a time, so no other request's work
 * runs in between: the figure is the request's own JavaScript plus its waits on local D1, Durable
 * Objects and queues — an upper bound on its CPU time (workerd reports no cpuTime locally; decision 0062).
 */
export async function workerTimes(count: number, send: () => Promise<{ status: number; headers: Record<string, unknown> }>) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await send();
    if (res.status >= 300) throw new Error(`worker time: request ${i} answered ${res.status}`);
    const timing = /(?:^|,)\s*worker;dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""));
    if (!timing) throw new Error("worker time: no Server-Timing worker;dur in the answer (is ENVIRONMENT production?)");
    times.push(Number(timing[1]));
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { p50: at(0.5), p99: at(0.99) };
}
