import { Link } from "react-router";

/**
 * Links between the pages of a list (the API's `next_cursor`), keeping the
 * page's filters: back to the first page once paged, on while there is more.
 */
export function Pager(props: {
  label: string;
  path: string;
  filters?: URLSearchParams;
  nextCursor: string | null;
  paged: boolean;
  first: string;
  next: string;
}) {
  const { label, path, filters = new URLSearchParams(), nextCursor, paged } = props;
  if (!paged && !nextCursor) return null;
  const to = (cursor?: string) => {
    const query = new URLSearchParams(filters);
    if (cursor) query.set("cursor", cursor);
    return query.size ? `${path}?${query}` : path;
  };
  return (
    <nav aria-label={label} className="pager">
      {paged && <Link to={to()}>{props.first}</Link>}
      {nextCursor && <Link to={to(nextCursor)}>{props.next}</Link>}
    </nav>
  );
}
