import type { Shape } from "../model.ts";
import type { CabinetConfig } from "../../products/cabinet/schema.ts";

export const box = (x0: number, y0: number, x1: number, y1: number): Shape => ({
  kind: "polyline",
  points: [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ],
  closed: true,
});

/** Where section A–A cuts across the width: a quarter in, through the first door rather than a pair's middle gap. */
export const SECTION_AT = (c: CabinetConfig) => c.width / 4;
