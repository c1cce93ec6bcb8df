import { Link } from "react-router";
import type { Route } from "./+types/lot";
import { PageTitle } from "../../components/PageTitle.tsx";
import { Fact } from "../../production/Fact.tsx";
import { StatusBadge } from "../../components/StatusBadge.tsx";
import { callApi, errorPage } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { useFormat } from "../../format/use-format.ts";
import { requireProduction } from "../../production/actions.server.ts";
import { lotPath, lotsUsed, reachedCustomer, recallCounts, recallRows, treeOf, type TraceNode, type TreeLot } from "../../production/recall.ts";
import productionCss from "../../styles/production.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: productionCss }];

export async function loader(args: Route.LoaderArgs) {
  requireProduction(args);
  const number = encodeURIComponent(args.params.number);
  const [lot, forward, backward] = await Promise.all([
    callApi<Schemas["Lot"]>(args, `/lots/${number}`),
    callApi<{ lot: TraceNode }>(args, `/lots/${number}/forward-trace`),
    callApi<{ lot: TraceNode }>(args, `/lots/${number}/backward-trace`),
  ]);
  if (!lot.ok) throw errorPage(lot);
  if (!forward.ok) throw errorPage(forward);
  if (!backward.ok) throw errorPage(backward);
  return { lot: lot.data, tree: treeOf(forward.data.lot), recall: recallRows(forward.data.lot), parents: backward.data.lot.parents ?? [] };
}

export default function LotPage({ loaderData }: Route.ComponentProps) {
  const { lot, tree, recall, parents } = loaderData;
  const { day, plural } = useFormat();
  const counts = recallCounts(recall);
  const quality = lot.quality as { certificate_number?: string; measured?: Record<string, string | number> } | null;
  return (
    <div className="container production lot-page">
      <PageTitle>{lot.lot_number}</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/production">Production board</Link> / <Link to="/production/lots">Lots</Link> / {lot.lot_number}
      </nav>
      <header className="mo-head">
        <h1 data-testid="lot-number">{lot.lot_number}</h1>
        <dl className="facts">
          <Fact term="Material">{lot.material}</Fact>
          <Fact term="Holds now">{`${lot.quantity} ${lot.unit}`}</Fact>
          <Fact term="Origin">{lot.origin}</Fact>
          <Fact term="Supplier">{lot.supplier ? `${lot.supplier}${lot.supplier_lot ? ` (lot ${lot.supplier_lot})` : ""}` : "—"}</Fact>
          <Fact term="Received">{day(lot.received_at)}</Fact>
          <Fact term="Expires">{lot.expires_at ? day(lot.expires_at) : "—"}</Fact>
          {quality?.certificate_number && <Fact term="Certificate">{quality.certificate_number}</Fact>}
          {Object.entries(quality?.measured ?? {}).map(([k, v]) => (
            <Fact key={k} term={k}>
              {String(v)}
            </Fact>
          ))}
        </dl>
        <p className="actions">
          <a className="button button-ghost" href={`/api/v1/lots/${encodeURIComponent(lot.lot_number)}/label`}>
            Print label (PDF)
          </a>
        </p>
      </header>

      <section aria-labelledby="genealogy-title">
        <h2 id="genealogy-title">Genealogy</h2>
        <div className="genealogy" data-testid="genealogy">
          {parents.length > 0 && (
            <>
              <h3 className="muted">Made from</h3>
              <ParentTree nodes={parents} />
            </>
          )}
          <p className="genealogy-self">
            <strong>{lot.lot_number}</strong> <span className="muted">{lot.material}</span>
          </p>
          <ConsumedBy node={tree} />
          {tree.children.length > 0 ? (
            <>
              <h3 className="muted">Made into</h3>
              <ChildTree nodes={tree.children} />
            </>
          ) : (
            <p className="muted">No lot has been split or merged from it.</p>
          )}
        </div>
      </section>

      <section aria-labelledby="recall-title">
        <h2 id="recall-title">Recall</h2>
        <p data-testid="recall-counts">
          {plural(counts.customers, "customer")} · {plural(counts.orders, "order")} · {plural(counts.manufacturingOrders, "manufacturing order")} ·{" "}
          {plural(counts.units, "unit")}, {counts.unitsShipped} shipped or delivered
        </p>
        {recall.length === 0 ? (
          <p className="muted">No manufacturing order has used this lot or anything made from it.</p>
        ) : (
          <>
            <p>
              <a className="button button-secondary" href={`${lotPath(lot.lot_number)}/recall.csv`} download>
                Download CSV
              </a>
            </p>
            <div className="table-scroll">
              <table className="data-table" data-testid="recall-table">
                <thead>
                  <tr>
                    <th scope="col">Customer</th>
                    <th scope="col">Order</th>
                    <th scope="col">Manufacturing order</th>
                    <th scope="col">Units</th>
                    <th scope="col">Status</th>
                    <th scope="col">Lots used</th>
                  </tr>
                </thead>
                <tbody>
                  {recall.map((r) => (
                    <tr key={r.mo.id} className={reachedCustomer(r.mo.status) ? "recall-shipped" : undefined}>
                      <td>{r.customer?.name ?? "—"}</td>
                      <td className="nowrap">{r.order.number ?? "—"}</td>
                      <td className="nowrap">
                        <Link to={`/production/${encodeURIComponent(r.mo.id)}`}>{r.mo.number ?? "MO"}</Link>
                      </td>
                      <td>{r.mo.quantity}</td>
                      <td>
                        <StatusBadge status={r.mo.status} />
                      </td>
                      <td>{lotsUsed(r)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}

/** A lot in the tree: its number (a link to its page), origin, material and what the link carried. */
function NodeLabel({ node }: { node: Pick<TreeLot, "lot_number" | "origin" | "material" | "unit" | "quantity"> }) {
  return (
    <>
      <Link to={lotPath(node.lot_number)} className="mono">
        {node.lot_number}
      </Link>{" "}
      <span className="muted">
        {node.origin} · {node.material}
        {node.quantity !== null && ` · ${node.quantity} ${node.unit}`}
      </span>
    </>
  );
}

/** The manufacturing orders that consumed a lot, each linking to its MO page, with how much it took. */
function ConsumedBy({ node }: { node: TreeLot }) {
  if (node.used.length === 0) return null;
  return (
    <ul className="genealogy-mos">
      {node.used.map((u) => (
        <li key={u.id}>
          used by <Link to={`/production/${encodeURIComponent(u.id)}`}>{u.number ?? "MO"}</Link>{" "}
          <span className="muted">
            {u.quantity} {node.unit}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Below the lot: what was made from it, each lot's children nested under it. */
function ChildTree({ nodes }: { nodes: TreeLot[] }) {
  return (
    <ul className="genealogy-tree">
      {nodes.map((n, i) => (
        <li key={`${n.lot_number}-${i}`}>
          <NodeLabel node={n} />
          <ConsumedBy node={n} />
          {n.children.length > 0 && <ChildTree nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}

/** Above the lot: what it was made from; each parent's own parents nested above it, back to what was received. */
function ParentTree({ nodes }: { nodes: TraceNode[] }) {
  return (
    <ul className="genealogy-tree genealogy-parents">
      {nodes.map((n, i) => (
        <li key={`${n.lot_number}-${i}`}>
          {(n.parents ?? []).length > 0 && <ParentTree nodes={n.parents ?? []} />}
          <NodeLabel node={n} />
        </li>
      ))}
    </ul>
  );
}
