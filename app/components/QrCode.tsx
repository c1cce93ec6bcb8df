import { qrModules, qrPath } from "../../engine/documents/qr.ts";

const QUIET = 4;

/** A QR code of `text` as crisp SVG (black on white with its quiet zone, so phone cameras read it in dark mode too). */
export function QrCode({ text, label, size = 200 }: { text: string; label: string; size?: number }) {
  const modules = qrModules(text);
  const side = modules.length + 2 * QUIET;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`${-QUIET} ${-QUIET} ${side} ${side}`}
      shapeRendering="crispEdges"
    >
      <rect x={-QUIET} y={-QUIET} width={side} height={side} fill="#fff" />
      <path d={qrPath(modules)} fill="#000" />
    </svg>
  );
}
