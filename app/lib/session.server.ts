import { createContext, data, redirect, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { serverContext } from "../server-context.ts";
import { errorPage, callApi } from "../api/client.ts";
import { canAdminister, type Viewer } from "./viewer.ts";

export const viewerContext = createContext<Viewer | null>(null);

export const SECURITY_PAGE = "/account/security";

/** Looks the visitor up once per request; the root site has no accounts. */
export const loadViewer: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  if (context.get(serverContext).site.kind === "tenant") {
    const me = await callApi<Viewer>({ request, context }, "/me");
    if (me.ok) {
      context.set(viewerContext, { user: me.data.user, permissions: me.data.permissions, mfa: me.data.mfa });
      // The shop requires two-step sign-in of them and it is off: every page but setting it up (and signing out) leads there.
      const path = new URL(request.url).pathname.replace(/\.data$/, "");
      if (me.data.mfa?.required && !me.data.mfa.enabled && path !== SECURITY_PAGE && path !== "/logout") throw redirect(SECURITY_PAGE);
    } else if (me.status !== 401) throw errorPage(me);
  }
  return next();
};

/**
 * Refuses form posts from other origins. The UI calls the API in-process with
 * its own Origin, so the API's Origin check cannot see the browser's: we check it here.
 */
export const sameOriginPosts: MiddlewareFunction<Response> = ({ request }, next) => {
  const origin = request.headers.get("origin");
  if (request.method !== "GET" && request.method !== "HEAD" && origin !== null && origin !== new URL(request.url).origin) {
    throw data("This form was sent from another site.", { status: 403 });
  }
  return next();
};

/** Tenant-only pages (sign-in, quotes, admin) do not exist on the root site. */
export function requireTenantSite(context: Readonly<RouterContextProvider>) {
  const { site } = context.get(serverContext);
  if (site.kind !== "tenant") throw data("Not found", { status: 404 });
  return site;
}

/** The signed-in visitor, or a redirect to sign-in that comes back here afterwards. */
export function requireViewer({ request, context }: { request: Request; context: Readonly<RouterContextProvider> }): Viewer {
  requireTenantSite(context);
  const viewer = context.get(viewerContext);
  if (viewer) return viewer;
  const { pathname, search } = new URL(request.url);
  throw redirect(`/login?${new URLSearchParams({ next: pathname + search })}`);
}

/**
 * Admin pages and actions: signed-in owners and admins only. Called in each
 * loader rather than in middleware, so that the root loader still runs and the
 * 403 page keeps the shop's header.
 */
export function requireAdmin(args: { request: Request; context: Readonly<RouterContextProvider> }): Viewer {
  const viewer = requireViewer(args);
  if (!canAdminister(viewer)) throw data("Forbidden", { status: 403 });
  return viewer;
}
