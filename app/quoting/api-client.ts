/** The browser's calls to our JSON API: envelopes unwrapped, failures as ApiFailure with the API's message. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: { field: string; message: string }[];
}

export class ApiFailure extends Error {
  readonly status: number;
  readonly error: ApiErrorBody;

  constructor(status: number, error: ApiErrorBody) {
    super(error.message);
    this.status = status;
    this.error = error;
  }
}

/** Reads an envelope; network failures and non-JSON answers become ApiFailure too. */
export function unwrap<T>(status: number, text: string): T {
  let body: { success?: boolean; data?: T; error?: ApiErrorBody } | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: reported below
  }
  if (status >= 200 && status < 300 && body?.success) return body.data as T;
  throw new ApiFailure(status, body?.error ?? { code: "UNEXPECTED_RESPONSE", message: `The server answered ${status || "nothing"}; please try again.` });
}

export async function apiJson<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set("content-type", "application/json");
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
  } catch {
    throw new ApiFailure(0, { code: "NETWORK_ERROR", message: "Could not reach the server. Check your connection and try again." });
  }
  return unwrap<T>(response.status, await response.text());
}
