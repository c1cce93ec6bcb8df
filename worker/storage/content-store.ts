import { ApiError } from "../api/errors.ts";
import { concat, hex } from "./streams.ts";
import { uploadTempKey } from "./keys.ts";

/** Uploads up to this size are hashed in memory and written once; larger ones stream through R2 twice. */
const IN_MEMORY_LIMIT = 16 * 1024 * 1024;

// Workers' streaming hash (crypto.DigestStream; the DOM typings do not know it).
const newDigest = () => new (crypto as unknown as { DigestStream: typeof DigestStream }).DigestStream("SHA-256");

export interface Stored {
  sha256: string;
  key: string;
  size: number;
  /** False when identical bytes were already stored under this key. */
  written: boolean;
}

const sizeMismatch = (declared: number) =>
  new ApiError("INVALID_REQUEST", `The body did not match its Content-Length of ${declared} bytes`, [
    { field: "Content-Length", message: "does not match the bytes sent", value: declared },
  ]);

/**
 * Stores a body of known length content-addressed: the key comes from its
 * SHA-256, so the same file uploaded twice is stored once. A large body is
 * never held in memory: it streams to a temporary key while being hashed, and
 * is then moved (R2 has no rename, so: copied by streaming, then deleted).
 */
export async function storeContentAddressed(
  bucket: R2Bucket,
  tenantId: string,
  body: ReadableStream<Uint8Array>,
  length: number,
  keyFor: (sha256: string) => string,
  contentType: string,
): Promise<Stored> {
  const httpMetadata = { contentType };
  if (length <= IN_MEMORY_LIMIT) {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = body.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      total += r.value.length;
      if (total > length) {
        await reader.cancel();
        throw sizeMismatch(length);
      }
      chunks.push(r.value);
    }
    if (total !== length) throw sizeMismatch(length);
    const bytes = concat(chunks, total);
    const sha256 = hex(await crypto.subtle.digest("SHA-256", bytes));
    const key = keyFor(sha256);
    if (await bucket.head(key)) return { sha256, key, size: length, written: false };
    await bucket.put(key, bytes, { httpMetadata, sha256 });
    return { sha256, key, size: length, written: true };
  }

  const digest = newDigest();
  const digestWriter = digest.getWriter();
  const hashing = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      await digestWriter.write(chunk);
      controller.enqueue(chunk);
    },
    async flush() {
      await digestWriter.close();
    },
  });
  const temp = uploadTempKey(tenantId, crypto.randomUUID());
  const fixed = new FixedLengthStream(length);
  const piping = body.pipeThrough(hashing).pipeTo(fixed.writable);
  try {
    await Promise.all([bucket.put(temp, fixed.readable, { httpMetadata }), piping]);
  } catch {
    await bucket.delete(temp);
    throw sizeMismatch(length);
  }
  return promote(bucket, temp, hex(await digest.digest), length, keyFor, contentType);
}

/** Streams a stored object through SHA-256 without holding it. */
export async function hashObject(bucket: R2Bucket, key: string): Promise<string> {
  const object = await bucket.get(key);
  if (!object) throw new Error(`R2 object ${key} is missing`);
  const digest = newDigest();
  await object.body.pipeTo(digest);
  return hex(await digest.digest);
}

/**
 * Moves a temporary object to its content address: nothing to write when the
 * same bytes are there already, else a streamed copy (R2 has no rename). The
 * temporary object is deleted either way.
 */
export async function promote(
  bucket: R2Bucket,
  temp: string,
  sha256: string,
  size: number,
  keyFor: (sha256: string) => string,
  contentType: string,
): Promise<Stored> {
  const key = keyFor(sha256);
  try {
    if (await bucket.head(key)) return { sha256, key, size, written: false };
    const source = await bucket.get(temp);
    if (!source) throw new Error(`temporary upload ${temp} vanished`);
    const copy = new FixedLengthStream(source.size);
    await Promise.all([bucket.put(key, copy.readable, { httpMetadata: { contentType }, sha256 }), source.body.pipeTo(copy.writable)]);
    return { sha256, key, size, written: true };
  } finally {
    await bucket.delete(temp);
  }
}
