/** A binary STL of a cube of `side` mm: the part the load benchmarks price and upload. */
export function cubeStl(side: number): Uint8Array {
  const v = [
    [0, 0, 0],
    [side, 0, 0],
    [side, side, 0],
    [0, side, 0],
    [0, 0, side],
    [side, 0, side],
    [side, side, side],
    [0, side, side],
  ];
  const faces = [
    [0, 2, 1],
    [0, 3, 2],
    [4, 5, 6],
    [4, 6, 7],
    [0, 1, 5],
    [0, 5, 4],
    [1, 2, 6],
    [1, 6, 5],
    [2, 3, 7],
    [2, 7, 6],
    [3, 0, 4],
    [3, 4, 7],
  ];
  const buf = Buffer.alloc(84 + 50 * faces.length);
  buf.writeUInt32LE(faces.length, 80);
  faces.forEach((f, i) => f.forEach((vi, j) => v[vi].forEach((c, k) => buf.writeFloatLE(c, 84 + 50 * i + 12 + 12 * j + 4 * k))));
  return new Uint8Array(buf);
}
