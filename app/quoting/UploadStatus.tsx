/** The upload's progress, then the server's own analysis of the stored file (never trusted from the browser). */
import type { Analysis } from "../../engine/mesh/types.ts";
import { useFormat } from "../format/use-format.ts";
import { FileProblemNotice } from "./FileProblemNotice.tsx";
import { ProgressBar } from "./ProgressBar.tsx";
import type { UploadState } from "./use-parts.ts";

export function UploadStatus({ upload, size }: { upload: UploadState; size: number }) {
  const { bytes } = useFormat();
  if (upload.state === "not-sent") return <ProgressBar label="Upload" value={0} max={size} tone="error" detail="Not sent: the file could not be read" />;
  if (upload.state === "waiting") return <ProgressBar label="Upload" value={0} max={size} detail="Starts after the analysis" />;
  if (upload.state === "uploading") {
    return <ProgressBar label="Upload" value={upload.sent} max={size} detail={`${bytes(upload.sent)} of ${bytes(size)}`} />;
  }
  if (upload.state === "failed") {
    return <ProgressBar label="Upload" value={1} max={1} tone="error" detail="Failed" />;
  }
  if (upload.state === "checking") {
    return <ProgressBar label="Upload" value={size} max={size} tone="done" detail="Uploaded · the shop's server is checking the file…" />;
  }
  return (
    <ProgressBar
      label="Upload"
      value={size}
      max={size}
      tone={upload.model.status === "failed" ? "error" : "done"}
      detail={upload.model.status === "failed" ? "Server could not read the file" : "Uploaded and checked"}
    />
  );
}

/** One sentence on what the server found, compared with the browser's figures. */
export function ServerConfirmation({
  upload,
  local,
  localError,
  blocked = false,
}: {
  upload: UploadState;
  local: Analysis | null;
  localError: string | null;
  blocked?: boolean;
}) {
  const { cm3, mm } = useFormat();
  if (upload.state === "failed") return <FileProblemNotice testId="upload-error" code={upload.code} detail={upload.message} />;
  if (upload.state !== "confirmed") return null;
  const { model } = upload;
  // The same complaint the browser already showed is not repeated.
  if (model.status === "failed" && model.error?.message === localError) return null;
  if (model.status === "failed")
    return <FileProblemNotice testId="server-error" code={model.error?.code ?? "ANALYSIS_FAILED"} detail={model.error?.message ?? ""} general />;
  // Nothing is confirmed for a part that cannot be made: its blockers say so instead.
  if (blocked) return null;
  const server = model.analysis;
  let figure = "";
  let agrees = true;
  if (server?.volume_mm3 !== undefined) {
    figure = cm3(server.volume_mm3);
    if (local?.kind === "mesh") agrees = Math.abs(server.volume_mm3 - local.volume_mm3) <= 1e-6 * Math.max(1, Math.abs(local.volume_mm3));
  } else if (server?.cut_length_mm !== undefined) {
    figure = `${mm(server.cut_length_mm)} of cutting`;
    if (local?.kind === "profile") agrees = Math.abs(server.cut_length_mm - local.cut_length_mm) <= 1e-6 * Math.max(1, local.cut_length_mm);
  }
  return (
    <p className={agrees ? "server-check" : "server-check server-check-differs"} data-testid="server-check">
      <span aria-hidden="true">{agrees ? "✓ " : "! "}</span>
      {agrees ? `Confirmed by the shop's server (${figure}).` : `The shop's server measured ${figure}; its figures will be used for the quote.`}
    </p>
  );
}
