import { createRequestHandler, RouterContextProvider } from "react-router";
import { serverContext, type ServerContext } from "../app/server-context.ts";
import { openDb } from "./db/client.ts";
import type { Env } from "./env.ts";
import { resolveHost } from "./middleware/tenant.ts";
import { isBookmarkCookie } from "./middleware/bookmark-cookie.ts";
import { DEFAULT_LOCALE } from "../shared/locale.ts";

const handle = createRequestHandler(() => import("virtual:react-router/server-build"), import.meta.env.MODE);

/** Server-renders the UI; `api` is the same Hono app the outside world calls. */
export async function renderUi(request: Request, env: Env, api: (request: Request) => Promise<Response>): Promise<Response> {
  const url = new URL(request.url);
  const host = await resolveHost(env, openDb(env.DB), url);
  if (host.kind === "unknown") return notFoundPage(host.hostname);
  const site: ServerContext["site"] =
    host.kind === "root"
      ? { kind: "root", appDomain: env.APP_DOMAIN }
      : {
          kind: "tenant",
          appDomain: env.APP_DOMAIN,
          tenant: {
            slug: host.tenant.slug,
            name: host.tenant.name,
            primary_color: host.tenant.branding.primary_color,
            logo_url: host.tenant.branding.logo_url ?? null,
            currency: host.tenant.currency,
            locale: host.tenant.settings.locale ?? DEFAULT_LOCALE,
            seller: {
              legal_name: host.tenant.settings.legal_name?.trim() || host.tenant.name,
              address: host.tenant.settings.legal_address ?? [],
              vat_id: host.tenant.settings.vat_id?.trim() || null,
            },
          },
        };
  const context = new RouterContextProvider();
  let bookmarkCookie: string | undefined;
  context.set(serverContext, {
    site,
    api: async (path, init) => {
      const headers = new Headers(init?.headers);
      // The visitor's cookie, IP (per-IP rate limits), origin headers (the API's CSRF check) and browser (their list of sessions) travel along.
      for (const name of ["cookie", "cf-connecting-ip", "origin", "sec-fetch-site", "user-agent"]) {
        const value = request.headers.get(name);
        if (value && !headers.has(name)) headers.set(name, value);
      }
      const response = await api(new Request(new URL(path, url), { ...init, headers }));
      bookmarkCookie = response.headers.getSetCookie().find(isBookmarkCookie) ?? bookmarkCookie;
      return response;
    },
  });
  return withBookmarkCookie(await handle(request, context), bookmarkCookie);
}

/** Statuses whose Response must be built without a body. */
const NULL_BODY = new Set([204, 205, 304]);

/**
 * The API sets the D1 bookmark cookie on a write; a write made by an action is in-process, so the page's
 * answer passes the latest one on to the browser (unless the route already passed the API's cookies on).
 */
function withBookmarkCookie(response: Response, cookie: string | undefined): Response {
  if (!cookie || response.headers.getSetCookie().some(isBookmarkCookie)) return response;
  const headers = new Headers(response.headers);
  headers.append("set-cookie", cookie);
  const body = NULL_BODY.has(response.status) ? null : response.body;
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

const notFoundPage = (hostname: string) =>
  new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop not found</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;color:#1c2128}</style></head>
<body><h1>No shop here</h1><p>There is no Fabquote shop at <strong>${hostname.replace(/[<>&"]/g, "")}</strong>.
Check the address, or ask the shop for its link.</p></body></html>`,
    { status: 404, headers: { "content-type": "text/html; charset=utf-8" } },
  );
