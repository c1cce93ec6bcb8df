/**
 * An item that cannot be made as it is: no price, no lead time, no
 * confirmation, but what blocks it, how to fix it and what to do instead
 * (the caller's action: request a manual quote).
 */
import type { ReactNode } from "react";
import type { Blocker } from "../../engine/pricing/blockers.ts";

interface Props {
  /** Blockers to list here; DFM errors the page lists as findings (with their fix) are left to it. */
  blockers: Blocker[];
  title?: string;
  children?: ReactNode;
}

export function BlockedNotice({ blockers, title = "No price yet: this cannot be made as it is.", children }: Props) {
  return (
    <div className="blocked-notice" data-testid="blocked">
      <p className="blocked-title">{title}</p>
      {blockers.length > 0 && (
        <ul className="blocked-list">
          {blockers.map((b, i) => (
            <li key={`${b.code}-${i}`}>
              <span className="blocked-message">{b.message}</span> <span className="blocked-fix">How to fix: {b.fix}</span>
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}

/** The blockers a findings list does not already show. */
export const beyondFindings = (blockers: Blocker[], findings: { code: string; severity: string }[]) =>
  blockers.filter((b) => !findings.some((f) => f.severity === "error" && f.code === b.code));
