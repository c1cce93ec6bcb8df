import { useEffect, useMemo } from "react";
import type { Route } from "./+types/instant";
import { PageTitle } from "../components/PageTitle.tsx";
import quotingCss from "../styles/quoting.css?url";
import { errorPage, callApi } from "../api/client.ts";
import { requireTenantSite, viewerContext } from "../lib/session.server.ts";
import type { Catalog } from "../quoting/catalog.ts";
import { DropZone } from "../quoting/DropZone.tsx";
import { compilePriceBook } from "../quoting/local-price.ts";
import { PartCard } from "../quoting/PartCard.tsx";
import { SamplePart } from "../quoting/SamplePart.tsx";
import { SaveQuote } from "../quoting/SaveQuote.tsx";
import { useParts } from "../quoting/use-parts.ts";
import { usePrices } from "../quoting/use-prices.ts";
import { meshClient } from "../workers/load-mesh-client.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: quotingCss }];

/** The published price book comes with the page, so the first price needs no request of its own. */
export async function loader(args: Route.LoaderArgs) {
  const site = requireTenantSite(args.context);
  const catalog = await callApi<Catalog>(args, "/catalog");
  if (!catalog.ok) throw errorPage(catalog);
  return { catalog: catalog.data, shopName: site.tenant.name, signedIn: args.context.get(viewerContext) !== null };
}

export default function InstantQuote({ loaderData }: Route.ComponentProps) {
  const { catalog, shopName, signedIn } = loaderData;
  const book = useMemo(() => compilePriceBook(catalog), [catalog]);
  const { parts, add, remove, setOptions, setUnits } = useParts(catalog, signedIn);
  const prices = usePrices(parts, book);
  useEffect(() => void meshClient().then((m) => m.warmUp()), []);
  return (
    <div className="container instant">
      <PageTitle>Instant quote</PageTitle>
      <header className="instant-head">
        <h1>Instant quote</h1>
        <p className="lead">
          Drop your parts and get {shopName}'s price in seconds. Files are measured right here in your browser while they upload; nothing is ordered until you
          accept a quote.
        </p>
      </header>
      <DropZone onFiles={add} compact={parts.length > 0} />
      <SamplePart onFiles={add} />
      {parts.length > 0 && (
        <div className="instant-layout">
          <div className="part-list">
            {parts.map((part) => (
              <PartCard
                key={part.id}
                part={part}
                catalog={catalog}
                priced={prices.get(part.id) ?? null}
                onOptions={(options) => setOptions(part.id, options)}
                onUnits={(units) => setUnits(part.id, units)}
                onRemove={() => remove(part.id)}
              />
            ))}
          </div>
          <aside className="instant-aside">
            <SaveQuote parts={parts} prices={prices} book={book} signedIn={signedIn} />
          </aside>
        </div>
      )}
    </div>
  );
}
