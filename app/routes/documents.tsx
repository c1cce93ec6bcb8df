import type { Route } from "./+types/documents";
import { PageTitle } from "../components/PageTitle.tsx";
import portalCss from "../styles/portal.css?url";
import { callApi, errorPage } from "../api/client.ts";
import { DocumentList, documentsQuery, type DocumentRow } from "../documents/DocumentList.tsx";
import { requireViewer } from "../lib/session.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalCss }];

/** Every document of the company (the shop's staff: of every customer): quotes, confirmations, drawings and their revisions, packages, shipping papers. */
export async function loader(args: Route.LoaderArgs) {
  requireViewer(args);
  const { query, type, paged } = documentsQuery(new URL(args.request.url));
  const documents = await callApi<DocumentRow[]>(args, `/documents?${query}`);
  if (!documents.ok) throw errorPage(documents);
  return { documents: documents.data, type, paged, nextCursor: documents.pagination?.next_cursor ?? null };
}

export default function DocumentsPage({ loaderData }: Route.ComponentProps) {
  const { documents, type, paged, nextCursor } = loaderData;
  return (
    <div className="container portal-page">
      <PageTitle>Documents</PageTitle>
      <header>
        <h1>Documents</h1>
        <p className="portal-meta">Each download link is made for you and works for five minutes; reload the page for fresh ones.</p>
      </header>
      <section className="card" aria-label="Documents">
        <DocumentList documents={documents} type={type} path="/documents" nextCursor={nextCursor} paged={paged} />
      </section>
    </div>
  );
}
