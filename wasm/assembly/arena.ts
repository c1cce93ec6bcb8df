/**
 * A bump allocator over linear memory. The kernel analyses one mesh per `begin`,
 * so nothing is freed one by one: stages rewind to a mark when their scratch is done.
 */
let top: usize = 0;

export function arenaReset(): void {
  top = (__heap_base + 15) & ~(<usize>15);
}

export function arenaTop(): usize {
  return top;
}

export function arenaRewind(mark: usize): void {
  top = mark;
}

export function alloc(bytes: usize): usize {
  const p = top;
  top = (p + bytes + 15) & ~(<usize>15);
  reserve(top);
  return p;
}

/** Grows memory so that [0, end) is addressable; traps when the host refuses (reported as out of memory). */
export function reserve(end: usize): void {
  const have = (<usize>memory.size()) << 16;
  if (end <= have) return;
  if (memory.grow(<i32>((end - have + 0xffff) >>> 16)) < 0) unreachable();
}

export function nextPow2(n: u32): u32 {
  return n <= 1 ? 1 : <u32>1 << (32 - clz(n - 1));
}
