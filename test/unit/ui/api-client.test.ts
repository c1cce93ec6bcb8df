import { RouterContextProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerOf, ApiFailure, callApi, cookiesFrom, dataOf, errorPage, sendApi } from "../../../app/api/client.ts";
import { serverContext, type ServerContext } from "../../../app/server-context.ts";

const envelope = (body: unknown) => JSON.stringify(body);

describe("answerOf: the API's envelope", () => {
  it("unwraps data and pagination of a success", () => {
    const answer = answerOf<{ id: string }[]>(
      200,
      envelope({ success: true, data: [{ id: "q1" }], pagination: { next_cursor: "c", has_next: true, limit: 1 } }),
    );
    expect(answer).toMatchObject({ ok: true, status: 200, data: [{ id: "q1" }], pagination: { next_cursor: "c", has_next: true } });
  });

  it("turns a refusal into an ApiFailure with status, code, message and field errors", () => {
    const answer = answerOf(
      400,
      envelope({ success: false, error: { code: "VALIDATION_ERROR", message: "Invalid input", details: [{ field: "locale", message: "is not a locale" }] } }),
    );
    if (answer.ok) throw new Error("expected a failure");
    expect(answer.error).toBeInstanceOf(ApiFailure);
    expect(answer.error).toBeInstanceOf(Error);
    expect(answer.error).toMatchObject({ status: 400, code: "VALIDATION_ERROR", message: "Invalid input" });
    expect(answer.error.fieldErrors).toEqual([{ field: "locale", message: "is not a locale" }]);
    expect(answer.error.fieldError("locale")).toBe("is not a locale");
    expect(answer.error.fieldError("name")).toBeUndefined();
  });

  it("a refusal without details has no field errors", () => {
    const answer = answerOf(404, envelope({ success: false, error: { code: "NOT_FOUND", message: "Quote not found" } }));
    expect(answer.ok || answer.error.fieldErrors).toEqual([]);
  });

  it.each([
    ["HTML from a proxy", 502, "<html>Bad gateway</html>"],
    ["an empty body", 500, ""],
    ["a 200 that is not our envelope", 200, envelope({ hello: "world" })],
    ["an error without a message", 400, envelope({ success: false, error: { code: "X" } })],
  ])("%s is an UNEXPECTED_RESPONSE failure a person can read", (_, status, text) => {
    const answer = answerOf(status, text);
    if (answer.ok) throw new Error("expected a failure");
    expect(answer.error).toMatchObject({ status, code: "UNEXPECTED_RESPONSE" });
    expect(answer.error.message).toMatch(/unexpected answer .*try again/i);
  });
});

describe("dataOf, errorPage, cookiesFrom", () => {
  it("dataOf returns the data or throws the ApiFailure", () => {
    expect(dataOf(answerOf<number>(200, envelope({ success: true, data: 7 })))).toBe(7);
    expect(() => dataOf(answerOf(409, envelope({ success: false, error: { code: "CONFLICT", message: "Already sent" } })))).toThrowError(
      expect.objectContaining({ name: "ApiFailure", code: "CONFLICT", status: 409, message: "Already sent" }),
    );
  });

  it("errorPage keeps the API's status and message; an unreachable API is a 502", async () => {
    const refused = answerOf(403, envelope({ success: false, error: { code: "FORBIDDEN", message: "Not yours" } }));
    if (refused.ok) throw new Error("expected a failure");
    const page = errorPage(refused);
    expect([page.status, page.statusText, await page.text()]).toEqual([403, "FORBIDDEN", "Not yours"]);
    expect(errorPage({ status: 0, error: ApiFailure.network() }).status).toBe(502);
  });

  it("cookiesFrom passes every Set-Cookie on", () => {
    const response = new Response(null, {
      headers: [
        ["set-cookie", "a=1; Path=/"],
        ["set-cookie", "b=2; Path=/"],
      ],
    });
    expect(cookiesFrom(response).getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(cookiesFrom(null).getSetCookie()).toEqual([]);
  });
});

/** A server context whose `api` answers like the Worker's in-process API, recording each request. */
function serverArgs(answer: (n: number) => Response) {
  const seen: ReturnType<Request["clone"]>[] = [];
  const context = new RouterContextProvider();
  const site: ServerContext["site"] = { kind: "root", appDomain: "example.test" };
  context.set(serverContext, {
    site,
    api: async (path, init) => {
      const request = new Request(new URL(path, "https://shop.example.test"), init);
      seen.push(request.clone());
      return answer(seen.length);
    },
  });
  return { args: { request: new Request("https://shop.example.test/"), context }, seen };
}

describe("callApi from a loader (in-process)", () => {
  it("calls /api/v1 with the JSON body and method, and unwraps the answer", async () => {
    const { args, seen } = serverArgs(() => new Response(envelope({ success: true, data: { saved: true } }), { status: 200 }));
    const answer = await sendApi<{ saved: boolean }>(args, "/tenant/business", { locale: "de-DE" }, "PATCH");
    expect(answer.ok && answer.data).toEqual({ saved: true });
    expect(new URL(seen[0].url).pathname).toBe("/api/v1/tenant/business");
    expect(seen[0].method).toBe("PATCH");
    expect(seen[0].headers.get("content-type")).toBe("application/json");
    expect(await seen[0].json()).toEqual({ locale: "de-DE" });
  });

  it("a GET has no body; json without a method is a POST", async () => {
    const { args, seen } = serverArgs(() => new Response(envelope({ success: true, data: null })));
    await callApi(args, "/quotes");
    await callApi(args, "/quotes", { json: { items: [] } });
    expect(seen.map((r) => r.method)).toEqual(["GET", "POST"]);
    expect(seen[0].headers.has("content-type")).toBe(false);
  });

  it("carries the D1 bookmark of one answer to the next call of the same page request", async () => {
    const { args, seen } = serverArgs((n) => new Response(envelope({ success: true, data: n }), { headers: { "x-d1-bookmark": `bm-${n}` } }));
    await sendApi(args, "/quotes", {});
    await callApi(args, "/quotes");
    await callApi(args, "/quotes");
    expect(seen.map((r) => r.headers.get("x-d1-bookmark"))).toEqual([null, "bm-1", "bm-2"]);
    // Another page request starts without one.
    const other = serverArgs(() => new Response(envelope({ success: true, data: 0 })));
    await callApi(other.args, "/quotes");
    expect(other.seen[0].headers.get("x-d1-bookmark")).toBeNull();
  });

  it("an API that throws is a NETWORK_ERROR failure, not an exception", async () => {
    const { args } = serverArgs(() => {
      throw new TypeError("connection reset");
    });
    const answer = await callApi(args, "/quotes");
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error).toMatchObject({ status: 0, code: "NETWORK_ERROR" });
  });
});

describe("callApi from the browser", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("fetches /api/v1 on the same origin with its credentials", async () => {
    const calls: [string, RequestInit][] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response(envelope({ success: false, error: { code: "NOT_FOUND", message: "Job not found" } }), { status: 404 });
    });
    const answer = await callApi("browser", "/jobs/j1", { method: "POST" });
    expect(calls[0][0]).toBe("/api/v1/jobs/j1");
    expect(calls[0][1]).toMatchObject({ method: "POST", credentials: "same-origin" });
    expect(answer.ok || answer.error).toMatchObject({ status: 404, code: "NOT_FOUND", message: "Job not found" });
  });

  it("an abort is rethrown (the caller moved on); other fetch errors are NETWORK_ERROR", async () => {
    vi.stubGlobal("fetch", async (_: string, init: RequestInit) => {
      if (init.signal?.aborted) throw new DOMException("aborted", "AbortError");
      throw new TypeError("Failed to fetch");
    });
    const controller = new AbortController();
    controller.abort();
    await expect(callApi("browser", "/quotes", { signal: controller.signal })).rejects.toThrow("aborted");
    const answer = await callApi("browser", "/quotes");
    expect(answer.ok || answer.error.code).toBe("NETWORK_ERROR");
  });
});
