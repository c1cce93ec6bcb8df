/**
 * npm run bench:cutting-seeds -- [from-to | seed,seed,…] [pieces=120] [kerf=0] — 120 triplet pieces (by default)
 * per seed at the default budget: bars, optimal and CPU time per instance (user + system, which the other
 * processes on a shared machine disturb less than wall time), then the count at the bound and the median / p99. Work-based search, so bars and optimal are the same on every machine.
 */
import { optimiseCutting } from "../engine/cutting/index.ts";
import { falkenauerTriplets } from "../engine/cutting/instances.ts";

const [range = "679,1853,1870,2257,2642", piecesArg = "120", kerfArg = "0"] = process.argv.slice(2);
const seeds = range.includes("-")
  ? (([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))(range.split("-").map(Number))
  : range.split(",").map(Number);
const triplets = Number(piecesArg) / 3;
const kerf = Number(kerfArg);
const quiet = seeds.length > 20;
const times: number[] = [];
const over: number[] = [];
for (const seed of seeds) {
  const inst = falkenauerTriplets(triplets, seed, kerf);
  const t0 = process.cpuUsage();
  const r = optimiseCutting({ stock_lengths: [inst.stock_length], kerf, cuts: inst.cuts });
  const cpu = process.cpuUsage(t0);
  const ms = (cpu.user + cpu.system) / 1000;
  times.push(ms);
  if (r.bars_used > triplets || !r.optimal) over.push(seed);
  if (!quiet) console.log(`seed ${seed}: ${r.bars_used} bars, optimal ${r.optimal}, ${ms.toFixed(1)} ms`);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
console.log(
  `${seeds.length - over.length}/${seeds.length} at ${triplets} bars (optimal); median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms; over: ${over.join(", ") || "none"}`,
);
