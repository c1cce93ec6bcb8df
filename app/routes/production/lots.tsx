import { Link, redirect } from "react-router";
import type { Route } from "./+types/lots";
import { PageTitle } from "../../components/PageTitle.tsx";
import { requireProduction } from "../../production/actions.server.ts";
import { LotSearch } from "../../production/LotSearch.tsx";
import { lotPath } from "../../production/recall.ts";
import productionCss from "../../styles/production.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: productionCss }];

/** Opening a lot by number: the search form is a GET, so the answer is a redirect to the lot's page. */
export function loader(args: Route.LoaderArgs) {
  requireProduction(args);
  const number = new URL(args.request.url).searchParams.get("number")?.trim() ?? "";
  if (number) throw redirect(lotPath(number));
  return null;
}

export default function Lots() {
  return (
    <div className="container production">
      <PageTitle>Lots</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/production">Production board</Link> / Lots
      </nav>
      <h1>Find a lot</h1>
      <p className="muted">A lot's page shows where it came from, what was made from it and, for a recall, every order and customer it reached.</p>
      <LotSearch />
    </div>
  );
}
