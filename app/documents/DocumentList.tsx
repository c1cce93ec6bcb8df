import { Form, Link } from "react-router";
import type { Schemas } from "../api/typed-client.ts";
import { Pager } from "../components/Pager.tsx";
import { useFormat } from "../format/use-format.ts";

export type DocumentRow = Schemas["Document"];
export type DocumentType = DocumentRow["type"];

export const DOCUMENT_TYPE_TEXT: Record<DocumentType, string> = {
  quote: "Quote",
  order_confirmation: "Order confirmation",
  drawing: "Drawing",
  technical_package: "Technical package",
  specification: "Specification",
  packing_list: "Packing list",
  delivery_note: "Delivery note",
  qc_report: "QC report",
  invoice: "Invoice",
};

const isType = (v: string | null): v is DocumentType => v !== null && Object.hasOwn(DOCUMENT_TYPE_TEXT, v);

/** The list query of a documents page: its type filter and cursor, from the page's own URL. */
export function documentsQuery(url: URL, extra: Record<string, string> = {}) {
  const type = url.searchParams.get("type");
  const cursor = url.searchParams.get("cursor");
  const query = new URLSearchParams({ limit: "50", ...extra });
  if (isType(type)) query.set("type", type);
  if (cursor) query.set("cursor", cursor);
  return { query, type: isType(type) ? type : null, paged: cursor !== null };
}

/** A drawing's id (`drawing.{id}.{revision}`) split, to link its viewer and comparison. */
const drawingOf = (d: DocumentRow) => (d.type === "drawing" ? d.id.split(".")[1] : null);

/**
 * Documents as a table: type, title, revision (superseded ones struck through
 * and labelled), date and a download through the link signed for the viewer;
 * a drawing links its viewer and the comparison of its revisions.
 */
export function DocumentList(props: { documents: DocumentRow[]; type: DocumentType | null; path: string; nextCursor: string | null; paged: boolean }) {
  const { documents, type, path, nextCursor, paged } = props;
  const { day } = useFormat();
  const revisions = new Map<string, string[]>();
  for (const d of documents) {
    const id = drawingOf(d);
    if (id && d.revision) revisions.set(id, [...(revisions.get(id) ?? []), d.revision]);
  }
  return (
    <>
      <Form method="get" action={path} className="documents-filter">
        <label>
          Type{" "}
          <select name="type" defaultValue={type ?? ""} data-testid="document-type">
            <option value="">All documents</option>
            {Object.entries(DOCUMENT_TYPE_TEXT).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="submit" className="button button-secondary">
          Show
        </button>
      </Form>
      {documents.length === 0 ? (
        <p className="empty">No documents {type ? `of this type ` : ""}yet.</p>
      ) : (
        <table className="documents-table" data-testid="documents">
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Type</th>
              <th scope="col">Revision</th>
              <th scope="col">Date</th>
              <th scope="col">
                <span className="visually-hidden">Download</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => {
              const drawing = drawingOf(d);
              const others = drawing ? (revisions.get(drawing) ?? []).filter((r) => r !== d.revision) : [];
              return (
                <tr key={d.id} className={d.superseded ? "superseded" : undefined} data-document={d.id}>
                  <td>
                    {drawing ? <Link to={`/drawings/${drawing}`}>{d.title}</Link> : d.title}
                    {drawing && others.length > 0 && (
                      <>
                        {" · "}
                        <Link to={`/drawings/${drawing}/compare?${new URLSearchParams({ a: others[0], b: d.revision ?? "" })}`}>compare with {others[0]}</Link>
                      </>
                    )}
                  </td>
                  <td>{DOCUMENT_TYPE_TEXT[d.type]}</td>
                  <td>
                    {d.revision ?? "—"}
                    {d.superseded && <span className="badge badge-superseded"> superseded</span>}
                  </td>
                  <td>
                    <time dateTime={d.created_at}>{day(d.created_at)}</time>
                  </td>
                  <td>
                    <a href={d.download_url} download data-testid="document-download">
                      Download
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pager
        label="Pages of documents"
        path={path}
        filters={new URLSearchParams(type ? { type } : {})}
        nextCursor={nextCursor}
        paged={paged}
        first="First page"
        next="More documents"
      />
    </>
  );
}
