/** A file error in the buyer's words and what to do next; the technical reason waits behind "Details". */
import { FILE_PROBLEMS, fileProblem } from "../../engine/mesh/file-problems.ts";

export function FileProblemNotice({ code, detail, testId, general = false }: { code: string; detail: string; testId?: string; general?: boolean }) {
  // Errors that are not about the file (network, rate limits) already speak plainly: shown as they are.
  if (!general && !FILE_PROBLEMS[code]) {
    return (
      <p className="alert alert-error" data-testid={testId}>
        {detail}
      </p>
    );
  }
  const { title, next } = fileProblem(code);
  return (
    <div className="alert alert-error file-problem" data-testid={testId}>
      <p>
        <strong data-testid="problem-title">{title}</strong> <span data-testid="problem-next">{next}</span>
      </p>
      {detail && (
        <details>
          <summary>Details</summary>
          <code data-testid="problem-detail">{detail}</code>
        </details>
      )}
    </div>
  );
}
