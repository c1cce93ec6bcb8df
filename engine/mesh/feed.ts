/**
 * Feeding triangles to the kernel in fixed chunks of CHUNK_TRIANGLES (a multiple of
 * four, so the SIMD grouping, and with it every f64 sum, is the same whichever format
 * the triangles came from).
 */
import { EngineError } from "../errors.ts";
import { fmt } from "./limits.ts";
import type { MeshKernel } from "./kernel.ts";
import type { TriangleSoup } from "./soup.ts";

export const CHUNK_TRIANGLES = 16_384;
/** Bytes of one binary STL record: normal, three vertices, attribute word. */
export const STL_RECORD = 50;
/** Bytes of one soup triangle: three f32 vertices. */
export const SOUP_RECORD = 36;

/** Prepares the kernel for up to `triangles` triangles; sets `kernel.input`, the input buffer's address. */
export function beginMesh(kernel: MeshKernel, triangles: number, overhangAngleDeg: number): void {
  kernel.input = kernel.k.begin(triangles, CHUNK_TRIANGLES * STL_RECORD, Math.sin((overhangAngleDeg * Math.PI) / 180));
}

/**
 * Ingests `count` records already copied to the input buffer. A NaN or infinite
 * coordinate shows in the bounding box (min/max propagate NaN): the chunk is then
 * searched for the first offending triangle, `before` being the triangles ingested earlier.
 */
export function ingestChunk(kernel: MeshKernel, offset: number, count: number, stride: number, before: number): void {
  const k = kernel.k;
  k.ingest(offset, count, stride);
  for (let axis = 0; axis < 3; axis++) {
    if (Number.isFinite(k.boundsMin(axis)) && Number.isFinite(k.boundsMax(axis))) continue;
    const input = kernel.bytes();
    const view = new DataView(input.buffer, input.byteOffset);
    const base = kernel.input + offset;
    for (let t = 0; t < count; t++) {
      for (let c = 0; c < 9; c++) {
        const v = view.getFloat32(base + t * stride + c * 4, true);
        if (!Number.isFinite(v)) {
          throw new EngineError(
            "NON_FINITE_COORDINATE",
            `triangle ${fmt(before + t + 1)} has a coordinate that is ${Number.isNaN(v) ? "NaN" : "infinite"}`,
            400,
            [{ field: "file", message: `triangle ${before + t + 1}`, value: String(v) }],
          );
        }
      }
    }
  }
}

export function feedSoup(kernel: MeshKernel, soup: TriangleSoup, overhangAngleDeg: number): void {
  beginMesh(kernel, soup.count, overhangAngleDeg);
  const bytes = new Uint8Array(soup.data.buffer, 0, soup.count * SOUP_RECORD);
  for (let t = 0; t < soup.count; t += CHUNK_TRIANGLES) {
    const n = Math.min(CHUNK_TRIANGLES, soup.count - t);
    kernel.bytes().set(bytes.subarray(t * SOUP_RECORD, (t + n) * SOUP_RECORD), kernel.input);
    ingestChunk(kernel, 0, n, SOUP_RECORD, t);
  }
}
