/**
 * npm run bench:labels — QR label PDFs (engine/documents/labels.ts): one lot
 * label, and a shipment's 50 package labels (the most a shipment holds). Prints
 * `BENCH <metric> <value> <unit>` lines, medians after a warm-up. Baselines
 * from the same run: encoding the QR code alone (qrcode-generator), and the
 * symbol drawn the obvious way, pdf-lib's drawRectangle per dark module.
 */
import { PDFDocument, rgb } from "pdf-lib";
import { LABEL_SIZE, lotLabel, packageLabels, renderLabels } from "../engine/documents/labels.ts";
import { qrModules } from "../engine/documents/qr.ts";

async function time(fn: () => unknown, runs: number): Promise<number> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

const host = "https://acme-doors.fabquote.app";
const lot = lotLabel(
  {
    lot_number: "LOT-2026-00012",
    material: "SPW600e frame profile 6060-T66",
    quantity: 59.5,
    unit: "m",
    supplier: "Alu AG",
    supplier_lot: "S-77",
    received_at: "2026-12-04T10:00:00Z",
    expires_at: null,
  },
  `${host}/production/lots/LOT-2026-00012`,
);
const box = { length_mm: 400, width_mm: 300, height_mm: 200, weight_kg: 3.5, contents: [{ manufacturing_order_id: "mo1", quantity: 2 }] };
const packages = packageLabels(
  {
    number: "SHP-2026-0001",
    order_number: "ORD-2026-0042",
    customer: "Northwind Builders Ltd",
    shipped_at: "2026-12-05T09:00:00Z",
    packages: Array(50).fill(box),
  },
  new Map([["mo1", "MO-2026-0101"]]),
  `${host}/production/shipments/01JF6Q2W8D3V9X5Z7B4N2M0K8S`,
);

let bytes = 0;
const one = await time(async () => (bytes = (await renderLabels("Acme Doors", [lot], "bench")).length), 50);
const oneBytes = bytes;
const fifty = await time(async () => (bytes = (await renderLabels("Acme Doors", packages, "bench")).length), 10);
const encode = await time(() => qrModules(lot.url), 200);
const naive = await time(async () => {
  const doc = await PDFDocument.create();
  const page = doc.addPage(LABEL_SIZE);
  qrModules(lot.url).forEach((row, r) =>
    row.forEach((dark, c) => dark && page.drawRectangle({ x: c * 3, y: 130 - r * 3, width: 3, height: 3, color: rgb(0, 0, 0) })),
  );
  await doc.save();
}, 50);

console.log(`BENCH labels.lot_label_ms ${one.toFixed(2)} ms`);
console.log(`BENCH labels.lot_label_bytes ${oneBytes} bytes`);
console.log(`BENCH labels.shipment_50_labels_ms ${fifty.toFixed(1)} ms`);
console.log(`BENCH labels.shipment_50_labels_bytes ${bytes} bytes`);
console.log(`BENCH labels.qr_encode_ms ${encode.toFixed(2)} ms`);
console.log(`BENCH labels.baseline_draw_rectangle_per_module_ms ${naive.toFixed(2)} ms`);
