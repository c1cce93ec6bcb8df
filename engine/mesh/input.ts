/**
 * The bytes of an upload, whole or streamed. A stream is read once, in the chunks it
 * delivers: detection peeks at the first bytes, and readers then take the rest either
 * chunk by chunk (binary STL) or gathered (text formats and 3MF, which need it all).
 */
import { EngineError } from "../errors.ts";
import type { ByteStream, ByteStreamReader } from "./webassembly.d.ts";

export type MeshInput = Uint8Array | ArrayBuffer | ByteStream;

export interface ReadControl {
  /** Called with the number of bytes read so far, after each chunk. */
  onProgress?: (bytesRead: number) => void;
  /** Checked between chunks; when set, reading stops with a CANCELLED error. */
  signal?: { readonly aborted: boolean };
}

export class Input {
  /** Total size when known up front. */
  readonly size: number | undefined;
  private readonly reader: ByteStreamReader | undefined;
  private buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  private ended: boolean;
  private read = 0;
  private readonly control: ReadControl;

  /** `size`: the total a stream will deliver, when the caller knows it (Content-Length, R2 object size). */
  constructor(input: MeshInput, control: ReadControl = {}, size?: number) {
    this.control = control;
    this.size = size;
    if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
      const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
      this.size = bytes.length;
      this.buffered = [bytes];
      this.bufferedBytes = bytes.length;
      this.ended = true;
      this.read = bytes.length;
    } else {
      this.reader = input.getReader();
      this.ended = false;
    }
  }

  private async pull(): Promise<boolean> {
    if (this.ended || !this.reader) return false;
    if (this.control.signal?.aborted) {
      await this.reader.cancel().catch(() => {});
      throw new EngineError("CANCELLED", "analysis cancelled", 400);
    }
    const { done, value } = await this.reader.read();
    if (done || !value) {
      this.ended = true;
      this.reader.releaseLock();
      return false;
    }
    this.read += value.length;
    this.control.onProgress?.(this.read);
    if (value.length > 0) {
      this.buffered.push(value);
      this.bufferedBytes += value.length;
    }
    return true;
  }

  /** At least `n` leading bytes (fewer only if the input is shorter), without consuming them. */
  async head(n: number): Promise<Uint8Array> {
    while (this.bufferedBytes < n && (await this.pull()));
    if (this.buffered.length > 1) this.buffered = [this.gather()];
    return (this.buffered[0] ?? new Uint8Array(0)).subarray(0, n);
  }

  private gather(): Uint8Array {
    if (this.buffered.length === 1) return this.buffered[0];
    const out = new Uint8Array(this.bufferedBytes);
    let at = 0;
    for (const c of this.buffered) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** Every byte, in one buffer. */
  async all(): Promise<Uint8Array> {
    while (await this.pull());
    const whole = this.gather();
    this.buffered = [whole];
    return whole;
  }

  /** The chunks from byte `start` on, as they arrive; each is handed out once. */
  async *from(start: number): AsyncGenerator<Uint8Array> {
    let skip = start;
    for (;;) {
      while (this.buffered.length > 0) {
        const c = this.buffered.shift()!;
        this.bufferedBytes -= c.length;
        if (skip >= c.length) {
          skip -= c.length;
          continue;
        }
        yield c.subarray(skip);
        skip = 0;
      }
      if (!(await this.pull())) return;
    }
  }

  /** Bytes read from the source so far (the whole size once reading is done). */
  get bytesRead(): number {
    return this.read;
  }
}
