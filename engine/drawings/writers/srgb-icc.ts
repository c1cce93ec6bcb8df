/**
 * A minimal ICC v2 display profile for sRGB (IEC 61966-2-1), built from the
 * standard's own numbers: D50-adapted primaries, D50 white and the sRGB tone
 * curve as a 256-entry table. It is the PDF/A output intent's destination
 * profile; built here so no third-party profile file needs a licence.
 */
const PRIMARIES = {
  rXYZ: [0.4361, 0.2225, 0.0139],
  gXYZ: [0.3851, 0.7169, 0.0971],
  bXYZ: [0.1431, 0.0606, 0.7141],
  wtpt: [0.9642, 1.0, 0.8249],
} as const;
export const SRGB_DESCRIPTION = "sRGB IEC61966-2.1";

let cached: Uint8Array | null = null;

export function srgbIccProfile(): Uint8Array {
  if (cached) return cached;
  const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
  const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  const u16 = (v: number) => [(v >>> 8) & 255, v & 255];
  const s15 = (v: number) => u32(Math.round(v * 65536) >>> 0);
  const pad4 = (b: number[]) => [...b, ...new Array((4 - (b.length % 4)) % 4).fill(0)];

  const desc = pad4([
    ...ascii("desc"),
    ...u32(0),
    ...u32(SRGB_DESCRIPTION.length + 1),
    ...ascii(SRGB_DESCRIPTION),
    0,
    ...u32(0),
    ...u32(0),
    ...u16(0),
    0,
    ...new Array(67).fill(0),
  ]);
  const cprt = pad4([...ascii("text"), ...u32(0), ...ascii("No copyright, use freely"), 0]);
  const xyz = (v: readonly number[]) => [...ascii("XYZ "), ...u32(0), ...v.flatMap(s15)];
  const curve: number[] = [];
  for (let i = 0; i < 256; i++) {
    const c = i / 255;
    const linear = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    curve.push(...u16(Math.round(linear * 65535)));
  }
  const trc = pad4([...ascii("curv"), ...u32(0), ...u32(256), ...curve]);

  const tags: [string, number[]][] = [
    ["desc", desc],
    ["cprt", cprt],
    ["wtpt", xyz(PRIMARIES.wtpt)],
    ["rXYZ", xyz(PRIMARIES.rXYZ)],
    ["gXYZ", xyz(PRIMARIES.gXYZ)],
    ["bXYZ", xyz(PRIMARIES.bXYZ)],
    ["rTRC", trc],
  ];
  // The three tone curves share one table.
  const table: number[] = [];
  const data: number[] = [];
  const tableSize = 4 + 12 * (tags.length + 2);
  let trcEntry: number[] = [];
  for (const [sig, bytes] of tags) {
    const entry = [...u32(128 + tableSize + data.length), ...u32(bytes.length)];
    table.push(...ascii(sig), ...entry);
    if (sig === "rTRC") trcEntry = entry;
    data.push(...bytes);
  }
  table.push(...ascii("gTRC"), ...trcEntry, ...ascii("bTRC"), ...trcEntry);
  const size = 128 + tableSize + data.length;
  const header = [
    ...u32(size),
    ...u32(0),
    ...u32(0x02100000),
    ...ascii("mntr"),
    ...ascii("RGB "),
    ...ascii("XYZ "),
    ...[2026, 1, 1, 0, 0, 0].flatMap(u16),
    ...ascii("acsp"),
    ...new Array(24).fill(0),
    ...u32(0),
    ...PRIMARIES.wtpt.flatMap(s15),
    ...new Array(128 - 80).fill(0),
  ];
  cached = new Uint8Array([...header, ...u32(tags.length + 2), ...table, ...data]);
  return cached;
}
