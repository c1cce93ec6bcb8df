import type { CabinetConfig } from "../../products/cabinet/schema.ts";

/** Where section A–A cuts across the width: a quarter in, through the first door rather than a pair's middle gap. */
export const SECTION_AT = (c: CabinetConfig) => c.width / 4;
