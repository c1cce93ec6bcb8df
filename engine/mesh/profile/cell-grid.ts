/** Cells per axis at most, so that keys stay small integers (V8 Smis), which Map hashes fastest. */
const MAX_CELLS = 2 ** 14;

/** Integer keys for a uniform grid over a bounded region. */
export class CellGrid {
  readonly cell: number;
  private readonly minX: number;
  private readonly minY: number;

  constructor(minX: number, minY: number, extent: number, cell: number) {
    this.minX = minX;
    this.minY = minY;
    this.cell = Math.max(cell, extent / MAX_CELLS, 1e-12);
  }

  ix(x: number): number {
    return Math.floor((x - this.minX) / this.cell);
  }

  iy(y: number): number {
    return Math.floor((y - this.minY) / this.cell);
  }

  /** The lower-left corner of column ix / row iy. */
  x0(ix: number): number {
    return this.minX + ix * this.cell;
  }

  y0(iy: number): number {
    return this.minY + iy * this.cell;
  }

  key(ix: number, iy: number): number {
    return (ix + 4) * (MAX_CELLS + 16) + (iy + 4);
  }
}

/** A grid whose cells hold lists of integer ids. */
export class CellBuckets {
  readonly grid: CellGrid;
  private readonly cells = new Map<number, number[]>();

  constructor(grid: CellGrid) {
    this.grid = grid;
  }

  add(ix: number, iy: number, id: number): void {
    const key = this.grid.key(ix, iy);
    const list = this.cells.get(key);
    if (list) list.push(id);
    else this.cells.set(key, [id]);
  }

  get(ix: number, iy: number): number[] | undefined {
    return this.cells.get(this.grid.key(ix, iy));
  }
}
