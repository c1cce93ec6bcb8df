import qrcode from "qrcode-generator";

/**
 * The QR symbol of `text` as rows of dark (true) modules, without the quiet
 * zone. Error correction M (15 %) survives a scuffed label while keeping the
 * modules of a ~60-character link about 1 mm wide on a label.
 */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, "M");
  qr.addData(text, "Byte");
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, row) => Array.from({ length: n }, (_, col) => qr.isDark(row, col)));
}

/** The dark modules as one SVG path in module units (a run of modules per rectangle, no hairline seams). */
export function qrPath(modules: boolean[][]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length; ) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  });
  return parts.join("");
}
