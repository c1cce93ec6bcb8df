/**
 * Binary STL, streamed: an 80-byte header, a u32 triangle count, then 50-byte records.
 * Records go from the source's chunks straight into the kernel's one input buffer
 * (a single copy, whatever the chunk sizes), which is ingested each time it fills.
 */
import { EngineError } from "../errors.ts";
import { fmt, tooManyTriangles } from "./limits.ts";
import type { MeshKernel } from "./kernel.ts";
import type { Input } from "./input.ts";
import { beginMesh, CHUNK_TRIANGLES, ingestChunk, STL_RECORD } from "./feed.ts";

const mismatch = (declared: number, actual: string) =>
  new EngineError(
    "STL_SIZE_MISMATCH",
    `binary STL declares ${fmt(declared)} triangles (${fmt(84 + STL_RECORD * declared)} bytes) but the file has ${actual} bytes`,
    400,
    [{ field: "file", message: "size does not match the declared triangle count", value: declared }],
  );

export async function readBinaryStl(src: Input, kernel: MeshKernel, maxTriangles: number, overhangAngleDeg: number): Promise<void> {
  const head = await src.head(84);
  if (head.length < 84) {
    throw new EngineError("STL_SIZE_MISMATCH", `binary STL is ${fmt(head.length)} bytes, shorter than its 84-byte header`, 400);
  }
  const declared = new DataView(head.buffer, head.byteOffset, 84).getUint32(80, true);
  const expected = 84 + STL_RECORD * declared;
  if (src.size !== undefined && src.size !== expected) throw mismatch(declared, fmt(src.size));
  if (declared === 0) throw new EngineError("NO_TRIANGLES", "binary STL declares 0 triangles", 400);
  if (declared > maxTriangles) throw tooManyTriangles("binary STL", declared, maxTriangles);

  beginMesh(kernel, declared, overhangAngleDeg);
  const capacity = CHUNK_TRIANGLES * STL_RECORD;
  let fill = 0; // bytes waiting in the input buffer
  let done = 0; // triangles ingested
  let extra = 0; // bytes past the declared records
  for await (const chunk of src.from(84)) {
    let at = 0;
    while (at < chunk.length) {
      const room = Math.min(capacity - fill, (declared - done) * STL_RECORD - fill);
      if (room === 0) {
        extra += chunk.length - at;
        break;
      }
      const n = Math.min(room, chunk.length - at);
      kernel.bytes().set(chunk.subarray(at, at + n), kernel.input + fill);
      fill += n;
      at += n;
      if (fill === capacity) {
        ingestChunk(kernel, 12, CHUNK_TRIANGLES, STL_RECORD, done);
        done += CHUNK_TRIANGLES;
        fill = 0;
      }
    }
  }
  if (fill > 0 && fill % STL_RECORD === 0 && done + fill / STL_RECORD === declared) {
    ingestChunk(kernel, 12, fill / STL_RECORD, STL_RECORD, done);
    done = declared;
    fill = 0;
  }
  if (done !== declared || extra > 0) throw mismatch(declared, fmt(84 + done * STL_RECORD + fill + extra));
}
