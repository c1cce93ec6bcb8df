import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/root";
import { SiteFooter } from "./components/SiteFooter.tsx";
import { SiteHeader } from "./components/SiteHeader.tsx";
import { ErrorPage } from "./components/ErrorPage.tsx";
import { brandStyle } from "./lib/brand.ts";
import { loadViewer, sameOriginPosts, viewerContext } from "./lib/session.server.ts";
import { serverContext } from "./server-context.ts";
import { callApi } from "./api/client.ts";
import appCss from "./styles/app.css?url";

/** An inline icon: nothing is fetched from elsewhere, and no /favicon.ico 404 on every page. */
const ICON = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='7' fill='#1f5fbf'/><path d='M10 8h13v4h-9v4h7v4h-7v6h-4z' fill='#fff'/></svg>",
)}`;

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: ICON, type: "image/svg+xml" },
];

export const middleware: Route.MiddlewareFunction[] = [sameOriginPosts, loadViewer];

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = context.get(viewerContext);
  // The bell's count: a signed-in person's unread notifications (none shown when it cannot be read, e.g. before setting up a required second factor).
  const unread = viewer ? await callApi<{ unread_count: number }>({ request, context }, "/notifications/unread-count") : null;
  return { site: context.get(serverContext).site, viewer, unreadCount: unread?.ok ? unread.data.unread_count : null };
}

/** The document and the shell around every page, error pages included. */
export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const site = root?.site;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body style={brandStyle(site?.kind === "tenant" ? site.tenant.primary_color : undefined)}>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader site={site} viewer={root?.viewer ?? null} unreadCount={root?.unreadCount ?? null} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter site={site} />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Errors thrown by loaders and actions (404, 403, API failures) land here, inside the shop's shell. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  if (!isRouteErrorResponse(error)) console.error(error);
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />;
}
