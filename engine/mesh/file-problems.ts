/**
 * What each file error means to a buyer: one sentence they understand and what to do
 * next, by error code. The technical message (line numbers, bytes) stays with the
 * error as its detail. Shared by the instant page (errors from the browser's analysis)
 * and the API (a failed model's `error`).
 */
import { cadExchangeFormat } from "./cad-exchange.ts";

export interface FileProblem {
  /** What went wrong, for the person who dropped the file. */
  title: string;
  /** What they can do about it. */
  next: string;
}

const EXPORT_AGAIN = "Export the part again as STL or 3MF from your CAD program and upload the new file.";
const REDRAW_2D = "Save the drawing again as DXF (or SVG) from your CAD or drawing program and upload the new file.";

export const FILE_PROBLEMS: Record<string, FileProblem> = {
  CAD_EXCHANGE_NOT_SUPPORTED: {
    title: "STEP and IGES files are read in your browser on the quote page, not sent on their own.",
    next: "Drop the file on the instant quote page, or export the part as STL or 3MF and upload that file.",
  },
  CAD_EXCHANGE_UNREADABLE: {
    title: "This file is not a STEP or IGES file we can read.",
    next: "Export the part again as STEP (AP203/AP214) or as STL from your CAD program and upload the new file.",
  },
  CAD_EXCHANGE_TOO_LARGE: {
    title: "This STEP or IGES file is too large to check in your browser (30 MB at most).",
    next: "Export the part as STL or 3MF, or ask the shop for a manual quote.",
  },
  UNSUPPORTED_FORMAT: {
    title: "This file is not a format we can read.",
    next: "Upload an STL, OBJ or 3MF file for 3D parts, or a DXF or SVG file for laser-cut parts.",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    title: "This file is not a format we can read.",
    next: "Upload an STL, OBJ or 3MF file for 3D parts, or a DXF or SVG file for laser-cut parts.",
  },
  EMPTY_FILE: { title: "The file is empty.", next: "Check that the export finished, then upload the file again." },
  NO_TRIANGLES: { title: "The file contains no 3D shape.", next: EXPORT_AGAIN },
  STL_SIZE_MISMATCH: { title: "The STL file is incomplete or damaged.", next: `The download or export may have been cut short. ${EXPORT_AGAIN}` },
  STL_SYNTAX: { title: "The STL file is damaged and cannot be read.", next: EXPORT_AGAIN },
  OBJ_SYNTAX: { title: "The OBJ file is damaged and cannot be read.", next: EXPORT_AGAIN },
  OBJ_INDEX_OUT_OF_RANGE: { title: "The OBJ file refers to corners that are missing.", next: EXPORT_AGAIN },
  NON_FINITE_COORDINATE: { title: "The file contains invalid coordinates.", next: EXPORT_AGAIN },
  TOO_MANY_TRIANGLES: { title: "The model is too detailed for this shop.", next: "Export it with a coarser resolution (fewer triangles) and upload it again." },
  OUT_OF_MEMORY: {
    title: "The model is too large to check.",
    next: "Export it with a coarser resolution (fewer triangles), or ask the shop for a manual quote.",
  },
  ANALYSIS_TIME_LIMIT: {
    title: "The file takes too long to check.",
    next: "Export it with a coarser resolution or as binary STL, or ask the shop for a manual quote.",
  },
  "3MF_NOT_ZIP": { title: "The 3MF file is damaged: it is not a complete 3MF package.", next: EXPORT_AGAIN },
  "3MF_CORRUPT": { title: "The 3MF file is damaged and cannot be opened.", next: EXPORT_AGAIN },
  "3MF_NO_MODEL": { title: "The 3MF file contains no 3D model.", next: EXPORT_AGAIN },
  "3MF_INVALID": { title: "The 3MF file contains errors.", next: EXPORT_AGAIN },
  "3MF_DTD": { title: "The 3MF file contains content we do not accept for safety reasons.", next: EXPORT_AGAIN },
  "3MF_TOO_LARGE": {
    title: "The 3MF file unpacks to more data than we can check.",
    next: "Export the part with a coarser resolution, or as binary STL, and upload it again.",
  },
  INVALID_DXF: { title: "The DXF drawing contains errors and cannot be read.", next: REDRAW_2D },
  UNSUPPORTED_DXF: {
    title: "The DXF drawing uses a feature we cannot read yet.",
    next: "Save it as an older DXF version (for example R12 or 2000), or as SVG, and upload it again.",
  },
  INVALID_SVG: { title: "The SVG drawing contains errors and cannot be read.", next: REDRAW_2D },
  XML_DTD_FORBIDDEN: { title: "The drawing contains content we do not accept for safety reasons.", next: REDRAW_2D },
  NO_GEOMETRY: {
    title: "The drawing contains no shapes to cut.",
    next: "Check that the drawing is not empty and its shapes are not on hidden layers, then upload it again.",
  },
  COORDINATE_OUT_OF_RANGE: {
    title: "The drawing has points far outside any sheet we can cut.",
    next: "Check the drawing's units and remove stray points far from the part, then save it again as DXF or SVG.",
  },
  PROFILE_TOO_COMPLEX: { title: "The drawing is too detailed to check.", next: "Simplify the curves (fewer points) or ask the shop for a manual quote." },
  INVALID_OPTIONS: {
    title: "The file could not be checked with these settings.",
    next: "Reload the page and try again; if it happens again, contact the shop.",
  },
  PAYLOAD_TOO_LARGE: {
    title: "The file is larger than this shop accepts.",
    next: "Export the part with a coarser resolution, or ask the shop for a manual quote.",
  },
  CANCELLED: { title: "Checking this file was cancelled.", next: "Drop the file again to check it." },
};

const UNKNOWN: FileProblem = { title: "We could not read this file.", next: `${EXPORT_AGAIN} If it still fails, ask the shop for a manual quote.` };

/** The buyer's words for an error code (a general sentence for codes not listed). */
export const fileProblem = (code: string): FileProblem => FILE_PROBLEMS[code] ?? UNKNOWN;

/** STEP and IGES, told apart by name or by their first bytes: the browser reads them (cad-exchange.ts), not the mesh readers. */
export const isCadExchangeFile = (filename: string, head?: Uint8Array): boolean => cadExchangeFormat(filename, head) !== undefined;
