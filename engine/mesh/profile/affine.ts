/**
 * A 2D affine map in SVG's matrix order [a, b, c, d, e, f]:
 * x' = a·x + c·y + e, y' = b·x + d·y + f.
 */
export type Affine = readonly [number, number, number, number, number, number];

export const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

/** m ∘ n: apply n first, then m. */
export function multiply(m: Affine, n: Affine): Affine {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export const translate = (x: number, y: number): Affine => [1, 0, 0, 1, x, y];
export const scale = (x: number, y: number = x): Affine => [x, 0, 0, y, 0, 0];
export const rotate = (rad: number): Affine => [Math.cos(rad), Math.sin(rad), -Math.sin(rad), Math.cos(rad), 0, 0];
export const skewX = (rad: number): Affine => [1, 0, Math.tan(rad), 1, 0, 0];
export const skewY = (rad: number): Affine => [1, Math.tan(rad), 0, 1, 0, 0];

export const mapX = (m: Affine, x: number, y: number): number => m[0] * x + m[2] * y + m[4];
export const mapY = (m: Affine, x: number, y: number): number => m[1] * x + m[3] * y + m[5];
