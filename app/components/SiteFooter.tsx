import type { ServerContext } from "../server-context.ts";

export function SiteFooter({ site }: { site: ServerContext["site"] | undefined }) {
  return (
    <footer className="site-footer">
      <div className="container">
        {site?.kind === "tenant" ? (
          <p>
            {site.tenant.name} · Prices in {site.tenant.currency} · Quoting by Fabquote
          </p>
        ) : (
          <p>Fabquote — instant quoting for fabrication shops</p>
        )}
      </div>
    </footer>
  );
}
