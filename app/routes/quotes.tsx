import { Link } from "react-router";
import type { Route } from "./+types/quotes";
import { PageTitle } from "../components/PageTitle.tsx";
import { requireViewer } from "../lib/session.server.ts";

// There is no quotes API yet: the page is honest about having nothing to list.
export function loader(args: Route.LoaderArgs) {
  requireViewer(args);
  return null;
}

export default function MyQuotes() {
  return (
    <div className="container">
      <PageTitle>My quotes</PageTitle>
      <h1>My quotes</h1>
      <section className="empty-state" aria-labelledby="empty-title">
        <h2 id="empty-title">No quotes yet — drop a part on the storefront to get an instant price</h2>
        <p>Quotes you request from this shop will be listed here, with their status and price.</p>
        <Link to="/" className="button button-primary">
          Go to the storefront
        </Link>
      </section>
    </div>
  );
}
