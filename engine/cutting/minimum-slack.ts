/**
 * Minimum Bin Slack (Gupta & Ho 1999, in the MBS' form of Fleszar & Hindi
 * 2002): bars are filled one at a time, each around the longest piece left,
 * with the set of other pieces that leaves the least slack. Unlike FFD it
 * finds the bars that fit exactly — which is what hard instances (triplets,
 * long pieces that pair only one way) are made of. Returned bins hold
 * indices into `weights`.
 */
export function minimumSlackPack(weights: readonly number[], capacity: number, nodesPerBar: number): number[][] {
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
  const bins: number[][] = [];

  const picked: number[] = [];
  let best: number[] = [];
  let bestSlack = 0;
  let nodes = 0;
  // Sizes from `from` on, each used at most what is left; stops at a perfect fit or the node limit.
  const fill = (from: number, room: number): boolean => {
    if (room < bestSlack) {
      bestSlack = room;
      best = picked.slice();
      if (room === 0) return true;
    }
    for (let s = from; s < D; s++) {
      if (cnt[s] === 0 || sizes[s] > room) continue;
      if (++nodes > nodesPerBar) return true;
      cnt[s]--;
      picked.push(s);
      const stop = fill(s, room - sizes[s]);
      picked.pop();
      cnt[s]++;
      if (stop) return true;
    }
    return false;
  };

  let first = 0;
  while (left > 0) {
    while (cnt[first] === 0) first++;
    cnt[first]--;
    nodes = 0;
    best = [];
    bestSlack = capacity - sizes[first];
    fill(first, capacity - sizes[first]);
    for (const s of best) cnt[s]--;
    const bar = [first, ...best].map((s) => queues[s].pop()!);
    left -= bar.length;
    bins.push(bar);
  }
  return bins;
}
