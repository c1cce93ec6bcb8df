import { describe, expect, it } from "vitest";
import { EngineError } from "../../../engine/errors.ts";
import { analyzeProfile } from "../../../engine/mesh/profile/index.ts";
import type { ProfileFormat } from "../../../engine/mesh/types.ts";
import { arc, block, circle, dxf, ellipse, insert, line, lwpolyline, polyline, random, rectangle, spline, svg } from "./fixtures.ts";

const DXF_SEEDS = [
  dxf(rectangle(0, 0, 100, 60) + circle([20, 30], 5) + arc([70, 30], 8, 0, 270) + line([0, 0], [5, 5]), { insunits: 4 }),
  dxf(
    lwpolyline(
      [
        [0, 0],
        [40, 0, 1],
        [40, 10],
        [0, 10, -0.5],
      ],
      true,
    ) +
      polyline(
        [
          [50, 0],
          [60, 0, 0.3],
          [60, 10],
        ],
        false,
      ),
  ),
  dxf(
    spline(
      2,
      [0, 0, 0, 0.5, 1, 1, 1],
      [
        [0, 0],
        [10, 20],
        [20, 0],
        [30, 10],
      ],
      [1, 0.7, 1, 1],
    ) + ellipse([50, 50], [20, 5], 0.5, 0.3, 4),
  ),
  dxf(insert("P", [10, 10], { sx: 2, rotation: 45, columns: 2, rows: 2, dx: 30, dy: 30 }), {
    blocks: block("P", [0, 0], rectangle(0, 0, 10, 10) + circle([5, 5], 2)),
  }),
];

const SVG_SEEDS = [
  svg(
    'width="100mm" height="50mm" viewBox="0 0 200 100"',
    '<g transform="translate(10 5) rotate(15)"><rect x="1" y="2" width="80" height="40" rx="5"/><circle cx="20" cy="20" r="4"/></g>',
  ),
  svg("", '<path d="M0 0 C 10 40 30 -20 40 20 S 70 10 80 0 Q 90 20 100 0 T 120 40 A 20 10 30 1 0 150 60 h-20 v10 z m5 5 l3 3"/>'),
  svg(
    'width="4in" height="2in"',
    '<defs><ellipse id="e" rx="5" ry="3"/></defs><use href="#e" x="10" y="10"/><polygon points="0,0 30,0 0,40"/><polyline points="1 2 3 4 5 6"/><line x2="9"/>',
  ),
  svg(
    'viewBox="0 0 10 10"',
    '<svg x="1" width="5" height="5" viewBox="0 0 1 1"><rect width="1" height="1" transform="skewX(20) matrix(1 0 0 1 0 0) scale(2 1)"/></svg>',
  ),
];

/** Tokens that make parsers fall over: numbers at the edges of double range, markup, group codes. */
const TOKENS = [
  "0",
  "-1",
  "1e308",
  "-1e-308",
  "NaN",
  "Infinity",
  "1e999",
  "999999999",
  "0.0",
  "",
  " ",
  "\n",
  "\r\n",
  "SECTION",
  "ENDSEC",
  "EOF",
  "BLOCK",
  "INSERT",
  "VERTEX",
  "SEQEND",
  "10",
  "40",
  "42",
  "70",
  "71",
  "72",
  "<",
  ">",
  "/>",
  '"',
  "&",
  "&amp;",
  "&#0;",
  "<!DOCTYPE x>",
  "<![CDATA[",
  "<!--",
  "<g>",
  "</g>",
  "z",
  "A",
  "M",
  "1e3",
  "-.5.5",
];

function mutate(seed: string, rand: () => number): string {
  let s = seed;
  const edits = 1 + Math.floor(rand() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (s.length + 1));
    const span = Math.floor(rand() * 24);
    const token = TOKENS[Math.floor(rand() * TOKENS.length)];
    switch (Math.floor(rand() * 7)) {
      case 0: // flip a byte
        s = s.slice(0, at) + String.fromCharCode(Math.floor(rand() * 128)) + s.slice(at + 1);
        break;
      case 1: // delete a run
        s = s.slice(0, at) + s.slice(at + span);
        break;
      case 2: // insert a hostile token
        s = s.slice(0, at) + token + s.slice(at);
        break;
      case 3: // replace a run by a token
        s = s.slice(0, at) + token + s.slice(at + span);
        break;
      case 4: // duplicate a run (repeats entities, vertices, tags)
        s = s.slice(0, at + span) + s.slice(at, at + span * 8) + s.slice(at + span);
        break;
      case 5: // truncate
        s = s.slice(0, at);
        break;
      default: {
        // swap two lines
        const lines = s.split("\n");
        const i = Math.floor(rand() * lines.length);
        const j = Math.floor(rand() * lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        s = lines.join("\n");
      }
    }
  }
  return s;
}

function fuzz(format: ProfileFormat, seeds: string[], runs: number, seed: number) {
  const rand = random(seed);
  const outcomes = { ok: 0, rejected: new Map<number, number>() };
  let slowest = 0;
  for (let i = 0; i < runs; i++) {
    const input = mutate(seeds[i % seeds.length], rand);
    const started = performance.now();
    try {
      const a = analyzeProfile(input, { format });
      for (const v of [a.cut_length_mm, a.net_area_mm2, ...a.bbox_mm.min, ...a.bbox_mm.max]) expect(Number.isFinite(v)).toBe(true);
      expect(a.closed_contours + a.open_paths).toBeGreaterThan(0);
      outcomes.ok++;
    } catch (e) {
      if (!(e instanceof EngineError)) throw new Error(`run ${i}: ${String(e)}\n--- input ---\n${input.slice(0, 2000)}`);
      expect([400, 413, 415, 422]).toContain(e.status);
      expect(e.message.length).toBeGreaterThan(10);
      outcomes.rejected.set(e.status, (outcomes.rejected.get(e.status) ?? 0) + 1);
    }
    slowest = Math.max(slowest, performance.now() - started);
  }
  return { ...outcomes, slowest };
}

describe("fuzz: mutated files give an analysis or a typed 4xx, quickly", () => {
  it("DXF", () => {
    const result = fuzz("dxf", DXF_SEEDS, 3000, 0xd1f);
    // Both outcomes occur, so the mutations neither always break nor never touch the files.
    expect(result.ok).toBeGreaterThan(100);
    expect(result.rejected.get(400)).toBeGreaterThan(100);
    expect(result.slowest).toBeLessThan(1000);
  });

  it("SVG", () => {
    const result = fuzz("svg", SVG_SEEDS, 3000, 0x5f6);
    expect(result.ok).toBeGreaterThan(100);
    expect(result.rejected.get(400)).toBeGreaterThan(100);
    expect(result.slowest).toBeLessThan(1000);
  });
});
