import type { RouterContextProvider } from "react-router";
import { serverContext } from "../server-context.ts";

export interface ApiErrorBody {
  code: string;
  message: string;
  details: { field: string; message: string }[];
}

export interface Pagination {
  next_cursor: string | null;
  has_next: boolean;
  limit: number;
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T; pagination: Pagination | null; response: Response }
  | { ok: false; status: number; error: ApiErrorBody; response: Response };

interface CallArgs {
  request: Request;
  context: Readonly<RouterContextProvider>;
}

/** Calls our API in-process (with the visitor's cookie, IP and origin) and unwraps its envelope. */
export async function callApi<T>({ context }: CallArgs, path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  const response = await context.get(serverContext).api(`/api/v1${path}`, init);
  const body = (await response.json().catch(() => null)) as
    | { success?: boolean; data?: T; pagination?: Pagination; error?: ApiErrorBody }
    | null;
  if (response.ok && body?.success) {
    return { ok: true, status: response.status, data: body.data as T, pagination: body.pagination ?? null, response };
  }
  const error = body?.error ?? { code: "INTERNAL_SERVER_ERROR", message: "The server gave an unexpected answer.", details: [] };
  return { ok: false, status: response.status, error, response };
}

/** A JSON request to the API (POST by default). */
export const sendApi = <T>(args: CallArgs, path: string, body?: unknown, method = "POST") =>
  callApi<T>(args, path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });

/** The API's Set-Cookie headers (the session), to pass on to the browser. */
export function cookiesFrom(response: Response): Headers {
  const headers = new Headers();
  for (const cookie of response.headers.getSetCookie()) headers.append("set-cookie", cookie);
  return headers;
}

/** Unexpected API failures surface as the error page with the API's status. */
export function apiFailure(result: { status: number; error: ApiErrorBody }): Response {
  return new Response(result.error.message, { status: result.status, statusText: result.error.code });
}
