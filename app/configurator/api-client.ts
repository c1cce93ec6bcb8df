/**
 * The configurator talks to the API from the browser: the guest cookie that
 * a first save creates lands in the browser, and job polling needs no page
 * round trip. Answers are unwrapped from the API's envelope.
 */
export interface ApiFailure {
  code: string;
  message: string;
  details: { field: string; message: string }[];
}

export type ApiAnswer<T> = { ok: true; data: T } | { ok: false; status: number; error: ApiFailure };

export async function api<T>(path: string, init: { method?: string; json?: unknown; signal?: AbortSignal } = {}): Promise<ApiAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: init.method ?? (init.json === undefined ? "GET" : "POST"),
      headers: init.json === undefined ? undefined : { "content-type": "application/json" },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      credentials: "same-origin",
      signal: init.signal,
    });
  } catch (e) {
    if (init.signal?.aborted) throw e;
    return { ok: false, status: 0, error: { code: "NETWORK_ERROR", message: "The shop could not be reached. Check your connection and try again.", details: [] } };
  }
  const body = (await response.json().catch(() => null)) as { success?: boolean; data?: T; error?: ApiFailure } | null;
  if (response.ok && body?.success) return { ok: true, data: body.data as T };
  return {
    ok: false,
    status: response.status,
    error: body?.error ?? { code: "INTERNAL_SERVER_ERROR", message: "The server gave an unexpected answer. Please try again.", details: [] },
  };
}

/** The API names configuration fields `config.hardware.closer`; the form uses JSON pointers (`/hardware/closer`). */
export const pointerOfField = (field: string) => (field === "config" ? "/" : field.startsWith("config.") ? `/${field.slice(7).split(".").join("/")}` : null);
