import { readFileSync } from "node:fs";
import { composeSheet, drawProduct, type DrawingSheet, type TitleBlockFields, VIEW_CODES } from "../../../engine/drawings/index.ts";
import { doorDetails, doorSections } from "../../../engine/drawings/door/details.ts";
import type { CabinetConfig } from "../../../engine/products/cabinet/schema.ts";
import type { DoorConfig } from "../../../engine/products/door/schema.ts";
import { SEED_EXAMPLE_DOOR } from "../../../engine/products/door/example.ts";
import { baseCabinet } from "../products/configs.ts";

export const FONT = new Uint8Array(readFileSync(new URL("../../../engine/drawings/fonts/NotoSans-Regular.ttf", import.meta.url)));

export const TITLE: TitleBlockFields = {
  legal_owner: "Acme Fabrication Ltd",
  drawing_number: "SPW600E-ELV-001",
  title: "SPW600e double door 1870 × 2235",
  document_type: "Assembly drawing",
  date_of_issue: "2026-12-05",
  creator: "Fabquote",
  approver: "J. Smith",
  status: "Released",
  sheet_number: "1/1",
  language: "en",
};

export const SINGLE_INWARD: DoorConfig = {
  ...SEED_EXAMPLE_DOOR,
  door_type: "single",
  opening_direction: "inward",
  frame_width: 1000,
  frame_height: 2100,
  hardware: { ...SEED_EXAMPLE_DOOR.hardware, closer: "none" },
};

const REVISIONS = [
  { revision: "A", date: "2026-12-01", reason: "First issue" },
  { revision: "B", date: "2026-12-05", reason: "Closer added" },
];

export function sheetOf(type: keyof typeof VIEW_CODES, config: DoorConfig = SEED_EXAMPLE_DOOR, sheet = "A3", scale = "auto"): DrawingSheet {
  return drawProduct("spw600e-door", config, {
    drawing_type: type,
    scale,
    sheet,
    title_block: { ...TITLE, drawing_number: `SPW600E-${VIEW_CODES[type]}-001` },
    revisions: REVISIONS,
  });
}

/**
 * A sheet that mixes scales: the door's sections at 1:5 with its details at their own 1:2 (ISO 5455), as a shop might
 * set out a production sheet on A1. No drawing type makes it; the writers must still give each view its real size.
 */
export function mixedScaleSheet(config: DoorConfig = SEED_EXAMPLE_DOOR): DrawingSheet {
  return composeSheet([...doorSections(config), ...doorDetails(config)], {
    format: "A1",
    scale: "1:5",
    title_block: { ...TITLE, drawing_number: "SPW600E-SEC-002" },
    revisions: REVISIONS,
  });
}

/** A two-door base cabinet with two shelves, besides the one-door cabinet with a drawer the product tests use. */
export const PAIR_CABINET: CabinetConfig = { ...baseCabinet, width: 1000, doors: 2, drawers: 0, shelves: 2 };

export function cabinetSheetOf(type: "elevation" | "plan" | "section", config: CabinetConfig = baseCabinet, sheet = "A3"): DrawingSheet {
  return drawProduct("kitchen-base-cabinet", config, {
    drawing_type: type,
    scale: "auto",
    sheet,
    title_block: { ...TITLE, title: "Kitchen base cabinet", drawing_number: `KBC-${VIEW_CODES[type]}-001` },
    revisions: REVISIONS,
  });
}

/** The seed door and a single inward door, in both views. */
export const CASES = [
  { name: "seed double outward, elevation", sheet: () => sheetOf("elevation") },
  { name: "seed double outward, plan", sheet: () => sheetOf("plan") },
  { name: "single inward, elevation on A4", sheet: () => sheetOf("elevation", SINGLE_INWARD, "A4") },
  { name: "single inward, plan on A2", sheet: () => sheetOf("plan", SINGLE_INWARD, "A2") },
  { name: "seed double outward, section", sheet: () => sheetOf("section") },
  { name: "single inward, sections A–A and B–B on A4", sheet: () => sheetOf("section", SINGLE_INWARD, "A4") },
  { name: "seed double outward, details", sheet: () => sheetOf("detail") },
  { name: "single inward, details on A2", sheet: () => sheetOf("detail", SINGLE_INWARD, "A2") },
  { name: "seed double outward, sections at 1:5 with details at 1:2 on A1", sheet: () => mixedScaleSheet() },
  { name: "cabinet with a drawer, elevation", sheet: () => cabinetSheetOf("elevation") },
  { name: "two-door cabinet, plan on A4", sheet: () => cabinetSheetOf("plan", PAIR_CABINET, "A4") },
  { name: "two-door cabinet, section", sheet: () => cabinetSheetOf("section", PAIR_CABINET) },
];

/** Shapes per layer, as each writer should emit them. */
export const countsByLayer = (s: DrawingSheet) => Object.fromEntries(Object.entries(s.layers).map(([k, v]) => [k, v.length]));
