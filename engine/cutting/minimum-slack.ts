import { firstAtMost } from "./sorted.ts";

/**
 * Minimum Bin Slack (Gupta & Ho 1999, in the MBS' form of Fleszar & Hindi
 * 2002): bars are filled one at a time, each around the longest piece left,
 * with the set of other pieces that leaves the least slack. Unlike FFD it
 * finds the bars that fit exactly — which is what hard instances (triplets,
 * long pieces that pair only one way) are made of. Returned bins hold
 * indices into `weights`.
 *
 * `work` counts every candidate size scanned. Each bar may scan at most
 * `nodesPerBar`, and at most its share of what is left of `maxWork` (split
 * over the bars still needed); its first descent (the longest piece that
 * fits, again and again) always runs to the end, so every bar is filled
 * greedily at least and the total is at most `maxWork` plus a few scans per
 * piece.
 */
export function minimumSlackPack(weights: readonly number[], capacity: number, nodesPerBar: number, maxWork: number): { bins: number[][]; work: number } {
  // Distinct sizes, longest first, with the pieces of each.
  const bySize = new Map<number, number[]>();
  for (const i of weights.map((_, i) => i).sort((a, b) => weights[b] - weights[a] || a - b)) {
    const list = bySize.get(weights[i]);
    if (list) list.push(i);
    else bySize.set(weights[i], [i]);
  }
  const sizes = [...bySize.keys()];
  const queues = sizes.map((s) => bySize.get(s)!);
  const cnt = queues.map((q) => q.length);
  const D = sizes.length;
  let left = weights.length;
  let weightLeft = weights.reduce((s, w) => s + w, 0);
  const bins: number[][] = [];

  // Union–find over sizes used up by finished bars: nextLeft(s) is the first size ≥ s with pieces left.
  const skip = Int32Array.from({ length: D + 1 }, (_, s) => s);
  const nextLeft = (s: number) => {
    let r = s;
    while (skip[r] !== r) r = skip[r];
    while (s !== r) {
      const t = skip[s];
      skip[s] = r;
      s = t;
    }
    return r;
  };

  const picked: number[] = [];
  let best: number[] = [];
  let bestSlack = 0;
  let work = 0;
  let nodes = 0;
  let limit = 0;
  let descended = false;
  // Sizes from `from` on, each used at most what is left; stops at a perfect fit or the limit.
  const fill = (from: number, room: number): boolean => {
    if (room < bestSlack) {
      bestSlack = room;
      best = picked.slice();
      if (room === 0) return true;
    }
    for (let s = nextLeft(Math.max(from, firstAtMost(sizes, room))); s < D; s = nextLeft(s + 1)) {
      if (++nodes > limit && descended) return true;
      if (cnt[s] === 0) continue; // the last of its size is already in this bar
      cnt[s]--;
      picked.push(s);
      const stop = fill(s, room - sizes[s]);
      picked.pop();
      cnt[s]++;
      if (stop) return true;
      descended = true;
    }
    return false;
  };

  let first = 0;
  while (left > 0) {
    first = nextLeft(first);
    const barsLeft = Math.ceil(weightLeft / capacity);
    limit = Math.min(nodesPerBar, Math.floor((maxWork - work) / barsLeft));
    nodes = 0;
    descended = false;
    best = [];
    bestSlack = capacity - sizes[first];
    cnt[first]--;
    fill(first, bestSlack);
    work += nodes;
    for (const s of best) cnt[s]--;
    const bar = [first, ...best];
    for (const s of bar) {
      weightLeft -= sizes[s];
      if (cnt[s] === 0) skip[s] = s + 1;
    }
    left -= bar.length;
    bins.push(bar.map((s) => queues[s].pop()!));
  }
  return { bins, work };
}
