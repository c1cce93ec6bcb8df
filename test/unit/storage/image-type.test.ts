import { encode } from "fast-png";
import { describe, expect, it } from "vitest";
import { sniffAttachment, sniffImage } from "../../../worker/storage/image-type.ts";

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((ch) => ch.charCodeAt(0)) : p)));
const size = [0x20, 0, 0, 0];

describe("sniffImage", () => {
  it("tells each accepted type by its first bytes", () => {
    expect(sniffImage(new Uint8Array(encode({ width: 1, height: 1, data: new Uint8Array(3), channels: 3 })))).toBe("image/png");
    expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xdb], "rest"))).toBe("image/jpeg");
    expect(sniffImage(bytes("RIFF", size, "WEBPVP8 "))).toBe("image/webp");
    expect(sniffImage(bytes([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0]))).toBe("image/heic");
    expect(sniffImage(bytes([0, 0, 0, 0x18], "ftypmif1"))).toBe("image/heic");
  });

  it("refuses look-alikes: other RIFF and ISO-BMFF files, PDFs, text, truncated headers", () => {
    expect(sniffImage(bytes("RIFF", size, "WAVEfmt "))).toBeNull();
    expect(sniffImage(bytes([0, 0, 0, 0x18], "ftypisom"))).toBeNull(); // an MP4 video
    expect(sniffImage(bytes("%PDF-1.7\n"))).toBeNull();
    expect(sniffImage(bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffImage(bytes([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffImage(new Uint8Array(0))).toBeNull();
  });
});

describe("sniffAttachment (a message's files)", () => {
  it("takes the images every browser shows and PDFs", () => {
    expect(sniffAttachment(new Uint8Array(encode({ width: 1, height: 1, data: new Uint8Array(3), channels: 3 })))).toBe("image/png");
    expect(sniffAttachment(bytes([0xff, 0xd8, 0xff, 0xe0], "JFIF"))).toBe("image/jpeg");
    expect(sniffAttachment(bytes("RIFF", size, "WEBPVP8 "))).toBe("image/webp");
    expect(sniffAttachment(bytes("%PDF-1.7\n%âãÏÓ\n"))).toBe("application/pdf");
  });

  it("refuses HEIC (browsers do not show it), SVG, HTML, a PDF not at the start, and too few bytes", () => {
    expect(sniffAttachment(bytes([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0]))).toBeNull();
    expect(sniffAttachment(bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffAttachment(bytes("<html>%PDF-1.7"))).toBeNull();
    expect(sniffAttachment(bytes("%PDF"))).toBeNull();
    expect(sniffAttachment(new Uint8Array(0))).toBeNull();
  });
});
