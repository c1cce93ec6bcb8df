import { useEffect, useRef, useState } from "react";
import { callApi } from "../api/client.ts";

/** `GET /api/v1/jobs/:id`. */
interface Job {
  id: string;
  status: "PENDING" | "QUEUED" | "PROCESSING" | "COMPLETED" | "FAILED" | "CANCELLED";
  progress: number;
  error_code: string | null;
  error_message: string | null;
  result_url: string | null;
  result_bytes: number | null;
}

const RUNNING = new Set<Job["status"]>(["PENDING", "QUEUED", "PROCESSING"]);
const POLL_MS = 800;

const STATUS_TEXT: Record<Job["status"], string> = {
  PENDING: "Waiting to start…",
  QUEUED: "Queued…",
  PROCESSING: "Generating the model…",
  COMPLETED: "Model ready",
  FAILED: "Generation failed",
  CANCELLED: "Cancelled",
};

interface ModelJobProps {
  /** The saved configuration to model; null while there are unsaved changes. */
  configurationId: string | null;
  fileName: string;
  onModel(url: string | null): void;
}

/** "Generate 3D model": starts a GLB job, follows its progress, can cancel it, and hands the finished model to the viewer. */
export function ModelJob({ configurationId, fileName, onModel }: ModelJobProps) {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onModelRef = useRef(onModel);
  onModelRef.current = onModel;

  // A job belongs to one saved configuration: editing or saving anew starts over.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the configuration changing is the trigger
  useEffect(() => {
    setJob(null);
    setError(null);
  }, [configurationId]);

  const jobId = job?.id;
  const running = job !== null && RUNNING.has(job.status);
  // biome-ignore lint/correctness/useExhaustiveDependencies: polls one job while it runs, not once per progress update
  useEffect(() => {
    if (!jobId || !running) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const answer = await callApi<Job>("browser", `/jobs/${jobId}`, { signal: controller.signal });
        if (answer.ok) setJob(answer.data);
        else setError(answer.error.message);
      } catch {
        // aborted: the component moved on
      }
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [jobId, running, job]);

  const resultUrl = job?.status === "COMPLETED" ? job.result_url : null;
  useEffect(() => onModelRef.current(resultUrl), [resultUrl]);

  const start = async () => {
    if (!configurationId) return;
    setBusy(true);
    setError(null);
    const answer = await callApi<Job>("browser", "/jobs", { json: { configuration_id: configurationId, kind: "glb" } });
    setBusy(false);
    if (answer.ok) setJob(answer.data);
    else setError(answer.error.message);
  };

  const cancel = async () => {
    if (!job) return;
    setBusy(true);
    const answer = await callApi<Job>("browser", `/jobs/${job.id}/cancel`, { method: "POST" });
    setBusy(false);
    if (answer.ok) setJob(answer.data);
    // 409: it finished in the meantime; the next poll shows how.
    else if (answer.status !== 409) setError(answer.error.message);
  };

  return (
    <div className="model-job">
      {job && (
        <div className="job-status" data-testid="job-status" data-status={job.status}>
          <div className="job-line">
            <label htmlFor="job-progress">{STATUS_TEXT[job.status]}</label>
            <span aria-hidden="true">{job.progress} %</span>
          </div>
          <progress id="job-progress" max={100} value={job.progress} />
          {job.status === "FAILED" && (
            <p className="field-error">
              {job.error_message ?? "The model could not be generated."} {job.error_code && <code>{job.error_code}</code>}
            </p>
          )}
        </div>
      )}
      <p aria-live="polite" className="visually-hidden">
        {job ? STATUS_TEXT[job.status] : ""}
      </p>
      {error && <p className="alert alert-error">{error}</p>}
      <div className="actions">
        {running && (
          <button type="button" className="button button-danger" onClick={cancel} disabled={busy}>
            Cancel
          </button>
        )}
        {!running && !resultUrl && (
          <button
            type="button"
            className="button button-secondary"
            onClick={start}
            disabled={!configurationId || busy}
            aria-describedby={configurationId ? undefined : "model-needs-save"}
          >
            {busy ? "Starting…" : job ? "Try again" : "Generate 3D model"}
          </button>
        )}
        {resultUrl && (
          <a className="button button-secondary" href={resultUrl} download={`${fileName}.glb`}>
            Download GLB{job?.result_bytes ? ` (${Math.ceil(job.result_bytes / 1024)} kB)` : ""}
          </a>
        )}
      </div>
      {!configurationId && (
        <p id="model-needs-save" className="field-hint">
          Save the configuration to generate its 3D model (GLB).
        </p>
      )}
    </div>
  );
}
