import { describe, expect, it } from "vitest";
import { layoutCuttingDiagram } from "../../../app/production/cutting-diagram.ts";
import { optimiseCutting } from "../../../engine/cutting/index.ts";

describe("layoutCuttingDiagram: the cutting list to scale", () => {
  it("lays a bar out as trim, cuts with kerfs between, the last kerf, the offcut and the far trim", () => {
    const list = {
      kerf: 5,
      trim: 10,
      bars: [
        {
          profile: "P1",
          stock_length: 1000,
          cuts: [
            { length: 400, label: "Head" },
            { length: 300, label: "Sill" },
          ],
          offcut: 270,
        },
      ],
    };
    const layout = layoutCuttingDiagram(list, 500, 10);
    expect(layout.scale).toBe(0.5);
    const bar = layout.profiles[0].bars[0];
    expect(bar).toMatchObject({ number: 1, profile: "P1", stock_length: 1000, offcut: 270, width: 500 });
    expect(bar.segments.map((s) => [s.kind, s.length, s.x, s.width])).toEqual([
      ["trim", 10, 0, 5],
      ["cut", 400, 5, 200],
      ["kerf", 5, 205, 2.5],
      ["cut", 300, 207.5, 150],
      ["kerf", 5, 357.5, 2.5],
      ["offcut", 270, 360, 135],
      ["trim", 10, 495, 5],
    ]);
    expect(bar.segments.filter((s) => s.kind === "cut").map((s) => [s.label, s.colour])).toEqual([
      ["Head", 0],
      ["Sill", 1],
    ]);
  });

  it("draws less than a kerf left over as a sliver, not an offcut", () => {
    const list = {
      kerf: 5,
      trim: 0,
      bars: [
        {
          profile: "P1",
          stock_length: 1000,
          cuts: [
            { length: 497, label: "A" },
            { length: 495, label: "A" },
          ],
          offcut: 0,
        },
      ],
    };
    const segments = layoutCuttingDiagram(list, 1000, 10).profiles[0].bars[0].segments;
    expect(segments.map((s) => [s.kind, s.length])).toEqual([
      ["cut", 497],
      ["kerf", 5],
      ["cut", 495],
      ["sliver", 3],
    ]);
  });

  it("puts every bar of a real cutting list on one scale, each exactly its stock length, coloured by piece", () => {
    const result = optimiseCutting({
      stock_lengths: [6000, 6500],
      kerf: 4,
      trim: 15,
      cuts: [
        { profile: "FRAME", length: 2100, quantity: 4, label: "Jamb" },
        { profile: "FRAME", length: 1000, quantity: 2, label: "Head" },
        { profile: "LEAF", length: 2030.5, quantity: 4, label: "Leaf stile" },
        { profile: "LEAF", length: 880, quantity: 3, label: "Leaf rail" },
      ],
    });
    const layout = layoutCuttingDiagram(result, 1000, 3);
    const bars = layout.profiles.flatMap((p) => p.bars);
    expect(bars).toHaveLength(result.bars.length);
    expect(layout.profiles.map((p) => p.profile).sort()).toEqual(["FRAME", "LEAF"]);
    const longest = Math.max(...result.bars.map((b) => b.stock_length));
    for (const bar of bars) {
      // Widths proportional to length, the longest bar the full drawing width.
      expect(bar.width / bar.stock_length).toBeCloseTo(1000 / longest, 9);
      // Segments tile the bar: contiguous, and their lengths add up to the stock length.
      let x = 0;
      for (const s of bar.segments) {
        expect(s.x).toBeCloseTo(x, 6);
        x += s.width;
      }
      expect(x).toBeCloseTo(bar.width, 6);
      expect(bar.segments.reduce((sum, s) => sum + s.length, 0)).toBeCloseTo(bar.stock_length, 6);
      expect(bar.segments.find((s) => s.kind === "offcut")?.length ?? 0).toBe(bar.offcut);
    }
    // One colour per distinct piece, the palette reused when there are more pieces than colours.
    expect(layout.legend.map((l) => l.label).sort()).toEqual(["Head", "Jamb", "Leaf rail", "Leaf stile"]);
    expect(layout.legend.map((l) => l.colour)).toEqual([0, 1, 2, 0]);
    const colourOf = new Map(layout.legend.map((l) => [l.label, l.colour]));
    for (const s of bars.flatMap((b) => b.segments)) if (s.kind === "cut") expect(s.colour).toBe(colourOf.get(s.label!));
  });
});
