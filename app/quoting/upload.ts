/**
 * Sends a part file to the server with upload progress (XHR: fetch reports
 * none), then waits for the server's own analysis. Files above one request's
 * limit go up as R2 multipart parts through the Worker.
 */
import { answerOf, ApiFailure, callApi, dataOf } from "../api/client.ts";

export interface ServerModel {
  id: string;
  filename: string;
  status: "pending" | "analyzed" | "failed";
  analysis: { volume_mm3?: number; triangle_count?: number; cut_length_mm?: number; net_area_mm2?: number } | null;
  /** `message` is the technical reason; `buyer_message` and `hint` are for the customer. */
  error: { code: string; message: string; buyer_message: string; hint: string } | null;
  /** A STEP/IGES upload: the original beside the mesh the browser tessellated (its price is confirmed by the shop). */
  source?: { format: "step" | "iges"; size_bytes: number; sha256: string } | null;
}

/** Workers accept request bodies up to 100 MB on most plans; above this, multipart. */
const SINGLE_REQUEST_LIMIT = 90 * 1024 * 1024;
const POLL_MS = 1000;
const POLL_LIMIT_MS = 5 * 60 * 1000;

interface UploadOptions {
  units: "mm" | "in";
  onProgress: (sent: number) => void;
  signal: AbortSignal;
}

export function uploadModel(file: File, options: UploadOptions): Promise<ServerModel> {
  const query = new URLSearchParams({ filename: file.name, units: options.units });
  if (file.size <= SINGLE_REQUEST_LIMIT) return send("POST", `/models?${query}`, file, options.signal, options.onProgress);
  return uploadInParts(file, query, options);
}

/**
 * A STEP/IGES file goes up with the binary STL the browser tessellated from it, as one
 * form (original first, then mesh): the server stores both and analyses the mesh.
 */
export function uploadCadModel(file: File, mesh: Uint8Array, { onProgress, signal }: Omit<UploadOptions, "units">): Promise<ServerModel> {
  const form = new FormData();
  form.append("original", file, file.name);
  form.append("mesh", new Blob([mesh as Uint8Array<ArrayBuffer>], { type: "model/stl" }), `${file.name}.stl`);
  return send("POST", `/models/cad?${new URLSearchParams({ filename: file.name })}`, form, signal, onProgress);
}

async function uploadInParts(file: File, query: URLSearchParams, { onProgress, signal }: UploadOptions): Promise<ServerModel> {
  const upload = dataOf(
    await callApi<{ id: string; part_size: number; part_count: number }>("browser", `/models/uploads?${query}`, { json: { size_bytes: file.size }, signal }),
  );
  try {
    for (let part = 1; part <= upload.part_count; part++) {
      const start = (part - 1) * upload.part_size;
      const body = file.slice(start, Math.min(file.size, start + upload.part_size));
      await send("PUT", `/models/uploads/${upload.id}/parts/${part}`, body, signal, (sent) => onProgress(start + sent));
    }
    return dataOf(await callApi<ServerModel>("browser", `/models/uploads/${upload.id}/complete`, { method: "POST", signal }));
  } catch (e) {
    void fetch(`/api/v1/models/uploads/${upload.id}`, { method: "DELETE" }).catch(() => {});
    throw e;
  }
}

function send<T>(method: string, path: string, body: Blob | FormData, signal: AbortSignal, onProgress: (sent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, `/api/v1${path}`);
    // A form sets its own multipart Content-Type with the boundary.
    if (body instanceof Blob) xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      const answer = answerOf<T>(xhr.status, xhr.responseText);
      if (answer.ok) resolve(answer.data);
      else reject(answer.error);
    };
    xhr.onerror = () => reject(ApiFailure.network("The upload was interrupted. Check your connection and try again."));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** Polls the model until the server's analysis lands (or fails). */
export async function waitForServerAnalysis(id: string, signal: AbortSignal): Promise<ServerModel> {
  const deadline = Date.now() + POLL_LIMIT_MS;
  for (;;) {
    const model = dataOf(await callApi<ServerModel>("browser", `/models/${id}`, { signal }));
    if (model.status !== "pending") return model;
    if (Date.now() > deadline) throw new ApiFailure(0, "TIMEOUT", "The server is still analysing this part; it will be checked again when you save.");
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (signal.aborted) throw new DOMException("Cancelled", "AbortError");
  }
}
