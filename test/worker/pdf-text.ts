import { decodePDFRawStream, PDFDocument, PDFRawStream } from "pdf-lib";

const winAnsi = new TextDecoder("windows-1252");
const latin1 = new TextDecoder("latin1");

/**
 * The words a PDF draws, one text run per line: the operands of its Tj
 * operators in every content stream (pdf-lib writes each run as a hex string
 * of WinAnsi bytes, `<48656C6C6F> Tj`; literal strings are read too).
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const runs: string[] = [];
  for (const [, o] of doc.context.enumerateIndirectObjects()) {
    if (!(o instanceof PDFRawStream)) continue;
    let content: string;
    try {
      content = latin1.decode(decodePDFRawStream(o).decode());
    } catch {
      continue; // an image or font stream, not content
    }
    for (const m of content.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      runs.push(m[1] !== undefined ? winAnsi.decode(Uint8Array.from(m[1].replace(/\s/g, "").match(/../g) ?? [], (h) => parseInt(h, 16))) : m[2]);
    }
  }
  return runs.join("\n");
}
