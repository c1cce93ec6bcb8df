/** The photo types a QC checkpoint takes, as their files begin (the declared Content-Type is not trusted). */
export type ImageType = "image/jpeg" | "image/png" | "image/webp" | "image/heic";

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** HEIC/HEIF brands of an ISO-BMFF `ftyp` box (iPhone photos are `heic`; `mif1` is the generic HEIF brand). */
const HEIF_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]);

/** The image type by its magic bytes, or null when the bytes are not one of the accepted images. */
export function sniffImage(head: Uint8Array): ImageType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (head.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => head[i] === b)) return "image/png";
  if (head.length >= 12 && ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WEBP") return "image/webp";
  if (head.length >= 12 && ascii(head, 4, 8) === "ftyp" && HEIF_BRANDS.has(ascii(head, 8, 12))) return "image/heic";
  return null;
}

/** What a message may carry (issue 14): the images every browser shows, or a PDF. */
export type AttachmentType = Exclude<ImageType, "image/heic"> | "application/pdf";

/** A message attachment's type by its magic bytes, or null when it is neither such an image nor a PDF. */
export function sniffAttachment(head: Uint8Array): AttachmentType | null {
  if (head.length >= 5 && ascii(head, 0, 5) === "%PDF-") return "application/pdf";
  const image = sniffImage(head);
  return image === "image/heic" ? null : image;
}
