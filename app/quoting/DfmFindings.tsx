/** Manufacturability findings: errors block ordering, warnings explain cost or risk; faces can be shown in the viewer. */
import type { DfmFinding } from "../../engine/dfm/types.ts";
import { categoryOfHint, type FaceCategory } from "../viewer/face-categories.ts";

const SEVERITY_LABEL = { error: "Must fix", warning: "Note", info: "Tip" } as const;

interface Props {
  findings: DfmFinding[];
  /** The item cannot be made (a blocker outside the findings, such as a U-value limit): never say it is clear. */
  blocked?: boolean;
  focus?: FaceCategory["key"];
  onFocus?: (category: FaceCategory["key"] | undefined) => void;
}

export function DfmFindings({ findings, blocked = false, focus, onFocus }: Props) {
  if (findings.length === 0) return blocked ? null : <p className="dfm-clear">No manufacturability problems found.</p>;
  const order = { error: 0, warning: 1, info: 2 };
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  return (
    <ul className="dfm-list" aria-label="Manufacturability findings">
      {sorted.map((f, i) => {
        const category = categoryOfHint(f.faces);
        return (
          <li key={`${f.code}-${i}`} className={`dfm dfm-${f.severity}`}>
            <span className="dfm-severity">{SEVERITY_LABEL[f.severity]}</span>
            <span className="dfm-message">
              {f.message}
              {f.fix && <span className="dfm-fix">How to fix: {f.fix}</span>}
            </span>
            {category && onFocus && (
              <button
                type="button"
                className="link-button"
                aria-pressed={focus === category}
                onClick={() => onFocus(focus === category ? undefined : category)}
              >
                {focus === category ? "Show all faces" : "Show faces"}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
