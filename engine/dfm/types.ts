/**
 * Design-for-manufacturing findings, shared by every calculator and shown as is
 * by the storefront, the quote page and the quote PDF.
 */
export type DfmSeverity = "error" | "warning" | "info";

/** Which faces the viewer highlights; names follow the kernel's `FaceFlag` bits. */
export type DfmFaceHint = "open_edges" | "non_manifold" | "degenerate" | "overhang" | "inverted" | "thin_wall";

export interface DfmFinding {
  /** `error` blocks ordering; `warning` explains a cost or a risk; `info` is advice. */
  severity: DfmSeverity;
  code: string;
  message: string;
  /** What the customer can do about it; every `error` carries one. */
  fix?: string;
  faces?: DfmFaceHint;
}

const RANK: Record<DfmSeverity, number> = { info: 0, warning: 1, error: 2 };

export const severityRank = (s: DfmSeverity): number => RANK[s];

export function hasErrors(findings: readonly DfmFinding[]): boolean {
  for (let i = 0; i < findings.length; i++) if (findings[i].severity === "error") return true;
  return false;
}

/** The most severe finding's severity, or null when there are none. */
export function worstSeverity(findings: readonly DfmFinding[]): DfmSeverity | null {
  let worst: DfmSeverity | null = null;
  for (let i = 0; i < findings.length; i++) {
    const s = findings[i].severity;
    if (worst === null || RANK[s] > RANK[worst]) worst = s;
  }
  return worst;
}
