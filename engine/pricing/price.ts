import type { Analysis } from "../mesh/types.ts";
import type { CompiledPriceBook } from "./compile.ts";
import { priceCnc } from "./cnc.ts";
import { priceFff } from "./fff.ts";
import { priceLaser } from "./laser.ts";
import { invalidOption, unknownProcess } from "./resolve.ts";
import { priceSla } from "./sla.ts";
import type { PriceOptions, PriceResult } from "./types.ts";

/** Prices one part with the calculator of `options.process`. */
export function price(analysis: Analysis, book: CompiledPriceBook, options: PriceOptions): PriceResult {
  const p = options.process;
  if (p === "laser") {
    if (analysis.kind !== "profile") throw wrongAnalysis(p, "a 2D drawing (DXF or SVG)");
    return priceLaser(analysis, book, options);
  }
  if (p !== "fff" && p !== "sla" && p !== "cnc") throw unknownProcess(String(p));
  if (analysis.kind !== "mesh") throw wrongAnalysis(p, "a 3D model");
  if (p === "fff") return priceFff(analysis, book, options);
  if (p === "sla") return priceSla(analysis, book, options);
  return priceCnc(analysis, book, options);
}

const wrongAnalysis = (process: string, needs: string) => invalidOption("ANALYSIS_MISMATCH", "analysis", `${process} needs ${needs}.`, process);
