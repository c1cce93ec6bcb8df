import type { RouterContextProvider } from "react-router";
import { serverContext } from "../server-context.ts";

/**
 * The UI's one way to call the JSON API, from the browser (fetch) and from
 * server-rendered loaders and actions (in-process, with the visitor's cookie:
 * see worker/ui.ts). Answers are unwrapped from the API's envelope; every
 * refusal or failure is an ApiFailure.
 */

/** One field the API refused, named by the API's path to it (`legal_address.2`, `config.width`). */
export interface FieldError {
  field: string;
  message: string;
}

export interface Pagination {
  next_cursor: string | null;
  has_next: boolean;
  limit: number;
}

/** Why a call did not succeed: the API's status, code, message and field errors; status 0 when the API was not reached. */
export class ApiFailure extends Error {
  override readonly name = "ApiFailure";
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: readonly FieldError[];

  constructor(status: number, code: string, message: string, fieldErrors: readonly FieldError[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  /** The API was not reached (offline, connection dropped). */
  static network(message = "The shop could not be reached. Check your connection and try again.") {
    return new ApiFailure(0, "NETWORK_ERROR", message);
  }

  /** The message for one field, if the API named it. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((f) => f.field === field)?.message;
  }
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T; pagination: Pagination | null; response: Response | null }
  | { ok: false; status: number; error: ApiFailure; response: Response | null };

/** Where a call is made from: the browser, or a loader or action (its args: the server context is what counts). */
export type Via = "browser" | { request?: Request; context: Readonly<RouterContextProvider> };

/** A request; `json` is sent as the JSON body (and makes the method POST unless one is given). */
export type ApiInit = RequestInit & { json?: unknown };

/** Reads an API answer from its status and body text; anything that is not our envelope is a failure. */
export function answerOf<T>(status: number, text: string, response: Response | null = null): ApiResult<T> {
  let body: { success?: boolean; data?: T; pagination?: Pagination; error?: { code?: string; message?: string; details?: FieldError[] } } | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: an unexpected answer, below
  }
  if (status >= 200 && status < 300 && body?.success) {
    return { ok: true, status, data: body.data as T, pagination: body.pagination ?? null, response };
  }
  const e = body?.error;
  const error =
    e?.code && e.message
      ? new ApiFailure(status, e.code, e.message, Array.isArray(e.details) ? e.details : [])
      : new ApiFailure(status, "UNEXPECTED_RESPONSE", `The server gave an unexpected answer (${status || "none"}). Please try again.`);
  return { ok: false, status, error, response };
}

export async function callApi<T>(via: Via, path: string, init: ApiInit = {}): Promise<ApiResult<T>> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set("content-type", "application/json");
  const request = {
    ...rest,
    method: rest.method ?? (json === undefined ? "GET" : "POST"),
    headers,
    body: json === undefined ? rest.body : JSON.stringify(json),
  };
  let response: Response;
  try {
    response = via === "browser" ? await fetch(`/api/v1${path}`, { ...request, credentials: "same-origin" }) : await inProcess(via.context, path, request);
  } catch (e) {
    if (init.signal?.aborted) throw e;
    return { ok: false, status: 0, error: ApiFailure.network(), response: null };
  }
  return answerOf<T>(response.status, await response.text(), response);
}

const BOOKMARK = "x-d1-bookmark";
const bookmarks = new WeakMap<object, string>();

/**
 * A loader's or action's call, made in-process with the visitor's cookie. The D1 bookmark of the
 * latest answer goes with the next call of the same page request, so a loader that runs after
 * an action reads what the action wrote even from a read replica.
 */
async function inProcess(context: Readonly<RouterContextProvider>, path: string, request: RequestInit & { headers: Headers }) {
  const bookmark = bookmarks.get(context);
  if (bookmark && !request.headers.has(BOOKMARK)) request.headers.set(BOOKMARK, bookmark);
  const response = await context.get(serverContext).api(`/api/v1${path}`, request);
  const next = response.headers.get(BOOKMARK);
  if (next) bookmarks.set(context, next);
  return response;
}

/** A JSON request to the API (POST by default). */
export const sendApi = <T>(via: Via, path: string, body?: unknown, method = "POST") => callApi<T>(via, path, { method, json: body });

/** The data of a successful answer; a failure is thrown (for code that lets failures propagate). */
export function dataOf<T>(result: ApiResult<T>): T {
  if (!result.ok) throw result.error;
  return result.data;
}

/** The API's Set-Cookie headers (the session), to pass on to the browser. */
export function cookiesFrom(response: Response | null): Headers {
  const headers = new Headers();
  for (const cookie of response?.headers.getSetCookie() ?? []) headers.append("set-cookie", cookie);
  return headers;
}

/** For a loader that cannot go on: the error page, with the API's status and message. */
export function errorPage(result: { status: number; error: ApiFailure }): Response {
  return new Response(result.error.message, { status: result.status || 502, statusText: result.error.code });
}
