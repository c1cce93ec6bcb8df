import { ApiError } from "./errors.ts";

/**
 * A multipart/form-data body read as it arrives, one part at a time, each
 * part's bytes handed on in chunks: a 50 MB G-code passes through in the
 * stream's own chunks instead of being held whole the way `formData()` holds
 * every file. Each part must be consumed (or skipped) before the next is read.
 */
export interface StreamedPart {
  name: string;
  filename: string | null;
  body: AsyncIterable<Uint8Array>;
}

const MAX_HEADER_BYTES = 8 * 1024;
const CRLF_CRLF = new Uint8Array([13, 10, 13, 10]);

/** The boundary of a multipart/form-data Content-Type, or null when it is not one. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

const malformed = (why: string) =>
  new ApiError("INVALID_REQUEST", `The upload is not valid multipart/form-data (${why}); send it as a form with files`, [{ field: "body", message: why }]);

/** Where `needle` first occurs in `hay` at or after `from`, or -1. */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first, from); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

const ascii = (bytes: Uint8Array) => {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
};

export async function* multipartParts(stream: ReadableStream<Uint8Array>, boundary: string): AsyncGenerator<StreamedPart> {
  const reader = stream.getReader();
  // The body is read as if it began with CRLF, so the first delimiter looks like every other.
  const delimiter = new Uint8Array([13, 10, 45, 45, ...Array.from(boundary, (ch) => ch.charCodeAt(0))]);
  let buf: Uint8Array = new Uint8Array([13, 10]);
  let ended = false;

  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      return false;
    }
    const joined = new Uint8Array(buf.length + value.length);
    joined.set(buf);
    joined.set(value, buf.length);
    buf = joined;
    return true;
  };

  /** The bytes up to the next delimiter, in chunks; leaves `buf` just after it. */
  const untilDelimiter = async function* (): AsyncGenerator<Uint8Array> {
    for (;;) {
      const at = indexOfBytes(buf, delimiter);
      if (at >= 0) {
        if (at > 0) yield buf.slice(0, at);
        buf = buf.subarray(at + delimiter.length);
        return;
      }
      // Keep what could be the start of a delimiter cut by the chunk boundary.
      const keep = Math.min(buf.length, delimiter.length - 1);
      if (buf.length > keep) {
        const out = buf.slice(0, buf.length - keep);
        buf = buf.slice(buf.length - keep);
        yield out;
      }
      if (!(await more())) throw malformed("it ends in the middle of a part");
    }
  };

  try {
    // The preamble before the first delimiter is ignored.
    const preamble = untilDelimiter();
    while (!(await preamble.next()).done);
    for (;;) {
      while (buf.length < 2 && (await more()));
      if (buf[0] === 45 && buf[1] === 45) return; // "--": the closing delimiter
      let end = indexOfBytes(buf, CRLF_CRLF);
      while (end < 0) {
        if (buf.length > MAX_HEADER_BYTES) throw malformed("a part's headers are too long");
        if (!(await more())) throw malformed("it ends inside a part's headers");
        end = indexOfBytes(buf, CRLF_CRLF);
      }
      const headers = ascii(buf.subarray(0, end));
      buf = buf.subarray(end + 4);
      const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? null;
      if (disposition === null) throw malformed("a part has no Content-Disposition: form-data header");
      const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(disposition)?.[1];
      if (name === undefined) throw malformed("a part has no name");
      const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
      const body = untilDelimiter();
      // The consumer may stop early (break): it gets no `return`, so what it left is skipped here.
      const next = () => body.next();
      yield { name, filename, body: { [Symbol.asyncIterator]: () => ({ next }) } };
      while (!(await body.next()).done);
    }
  } finally {
    reader.releaseLock();
  }
}
