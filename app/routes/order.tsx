import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/order";
import { PageTitle } from "../components/PageTitle.tsx";
import portalCss from "../styles/portal.css?url";
import quotingCss from "../styles/quoting.css?url";
import { callApi, errorPage, sendApi } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { requireTenantSite, requireViewer, viewerContext } from "../lib/session.server.ts";
import { text } from "../lib/forms.ts";
import { useFormat } from "../format/use-format.ts";
import { DocumentList, documentsQuery, type DocumentRow } from "../documents/DocumentList.tsx";

type Address = Schemas["Address"];

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: quotingCss },
  // The documents table (app/documents/DocumentList.tsx).
  { rel: "stylesheet", href: portalCss },
];

/** An order as its buyer (or the shop) sees it: what was agreed at checkout. */
export async function loader(args: Route.LoaderArgs) {
  requireTenantSite(args.context);
  const url = new URL(args.request.url);
  const back = url.searchParams.get("checkout");
  const viewer = args.context.get(viewerContext);
  // The order's documents, for the signed-in (a guest's documents belong to their browser session: none listed).
  const { query, type, paged } = documentsQuery(url, { order_id: args.params.id });
  const canInvoice = !!viewer?.permissions.includes("orders:write");
  const [order, documents, invoices] = await Promise.all([
    callApi<Schemas["OrderWithItems"]>(args, `/orders/${encodeURIComponent(args.params.id)}`),
    viewer ? callApi<DocumentRow[]>(args, `/documents?${query}`) : null,
    // Whether the order has its invoice, whatever page of its documents is shown.
    canInvoice ? callApi<DocumentRow[]>(args, `/documents?${new URLSearchParams({ order_id: args.params.id, type: "invoice", limit: "1" })}`) : null,
  ]);
  if (!order.ok) throw errorPage(order);
  if (documents && !documents.ok) throw errorPage(documents);
  if (invoices && !invoices.ok) throw errorPage(invoices);
  return {
    order: order.data,
    documents: documents && { rows: documents.data, type, paged, nextCursor: documents.pagination?.next_cursor ?? null },
    canInvoice,
    invoiced: (invoices?.data.length ?? 0) > 0,
    paidReturn: back === "success",
    canReorder: !!viewer?.permissions.includes("quotes:write"),
    approver: !!viewer?.permissions.includes("orders:approve"),
    userId: viewer?.user.id ?? null,
  };
}

/**
 * The company admin approves (a card order goes on to Stripe Checkout) or rejects, saying why, an order placed for approval;
 * the colleague who placed a rejected one (or the admin) resubmits it, saying what changed;
 * "Order again" makes a new quote of the same items at today's prices, and the page shows what changed and links it.
 */
export async function action(args: Route.ActionArgs) {
  requireViewer(args);
  const form = await args.request.formData();
  const path = `/orders/${encodeURIComponent(args.params.id)}`;
  const intent = text(form, "intent");
  if (intent === "approve") {
    const result = await sendApi<Schemas["OrderApproved"]>(args, `${path}/approve`, {});
    if (!result.ok) return data({ error: result.error.message }, { status: result.status });
    return result.data.checkout_url ? redirect(result.data.checkout_url) : { done: "approved" as const };
  }
  if (intent === "reject") {
    const result = await sendApi<Schemas["Order"]>(args, `${path}/reject`, { reason: text(form, "reason") ?? "" });
    if (!result.ok) return data({ error: result.error.message }, { status: result.status });
    return { done: "rejected" as const };
  }
  if (intent === "invoice") {
    const result = await sendApi<Schemas["Invoice"]>(args, `${path}/invoice`, {});
    if (!result.ok) return data({ error: result.error.message }, { status: result.status });
    return { done: "invoiced" as const };
  }
  if (intent === "resubmit") {
    const po = text(form, "po_number");
    const result = await sendApi<Schemas["Order"]>(args, `${path}/resubmit`, { note: text(form, "note") ?? "", ...(po ? { po_number: po } : {}) });
    if (!result.ok) return data({ error: result.error.message }, { status: result.status });
    return { done: "resubmitted" as const };
  }
  const again = await sendApi<Schemas["Reorder"]>(args, `${path}/reorder`);
  if (!again.ok) return data({ error: again.error.message }, { status: again.status });
  return { reorder: again.data };
}

const STATUS_TEXT: Record<Schemas["Order"]["status"], string> = {
  awaiting_approval: "For approval",
  awaiting_payment: "Awaiting payment",
  paid: "Paid",
  purchase_order: "Ordered on purchase order",
  cancelled: "Cancelled",
};

const lines = (a: Address) => [a.company, a.name, a.line1, a.line2, `${a.postcode} ${a.city}`, a.country, a.phone].filter(Boolean) as string[];

export default function OrderPage({ loaderData, actionData }: Route.ComponentProps) {
  const { order, documents, canInvoice, invoiced, paidReturn, canReorder, approver, userId } = loaderData;
  const { money, day } = useFormat();
  const busy = useNavigation().state === "submitting";
  const reorder = actionData && "reorder" in actionData ? actionData.reorder : null;
  const moved = reorder?.changes.filter((c) => c.field === "price" && c.price_before !== c.price_after) ?? [];
  return (
    <div className="container order-page">
      <PageTitle>{`Order ${order.number ?? ""}`}</PageTitle>
      <header className="instant-head">
        <p className="eyebrow">
          <Link to={`/quotes/${order.quote_id}`}>From the quote</Link>
        </p>
        <h1 data-testid="order-number">{order.number}</h1>
        <p>
          <span className={`badge badge-status badge-${order.status}`} data-testid="order-status">
            {STATUS_TEXT[order.status]}
          </span>{" "}
          {money(order.amount, order.currency)}
          {order.po_number ? ` · PO ${order.po_number}` : ""}
        </p>
        <div className="order-actions">
          <a className="button button-secondary" href={`/api/v1/orders/${order.id}/confirmation`} download={`${order.number ?? order.id}-confirmation.pdf`}>
            Download confirmation (PDF)
          </a>
          {canReorder && (
            <Form method="post" className="inline-form">
              <button type="submit" name="intent" value="reorder" className="button button-primary" disabled={busy} data-testid="reorder">
                {busy ? "Pricing…" : "Order again"}
              </button>
            </Form>
          )}
        </div>
      </header>
      {order.status === "awaiting_approval" && approver && (
        <section className="card order-approval" aria-labelledby="approval-title" data-testid="order-approval">
          <h2 id="approval-title">Awaiting your approval</h2>
          <p>A colleague placed this order for your approval. Approved, it is placed as they checked it out; rejected, it is cancelled.</p>
          <Form method="post">
            <p>
              <button type="submit" name="intent" value="approve" className="button button-primary" disabled={busy}>
                Approve and place the order
              </button>
            </p>
          </Form>
          <Form method="post" className="order-reject">
            <input type="hidden" name="intent" value="reject" />
            <div className="field">
              <label htmlFor="reason">Reason to reject</label>
              <input id="reason" name="reason" required maxLength={1000} placeholder="What your colleague should change" />
            </div>
            <button type="submit" className="button button-secondary" disabled={busy}>
              Reject
            </button>
          </Form>
        </section>
      )}
      {order.status === "awaiting_approval" && !approver && (
        <p className="alert alert-warning" role="status" data-testid="order-for-approval">
          This order waits for your company admin's approval; it is placed once they approve it.
        </p>
      )}
      {actionData && "error" in actionData && (
        <p className="alert alert-error" role="alert">
          {actionData.error}
        </p>
      )}
      {reorder && (
        <section className="alert alert-success" role="status" data-testid="reorder-result">
          <p>
            New quote <Link to={`/quotes/${reorder.id}`}>{reorder.number}</Link> with the same items at today's prices
            {reorder.totals ? `: ${money(reorder.totals.gross_total, reorder.currency)}` : ""}.
          </p>
          {moved.length === 0 ? (
            <p>Every price is the same as on this order.</p>
          ) : (
            <ul data-testid="reorder-changes">
              {moved.map((c) => (
                <li key={c.item_id}>
                  Item {c.item}: {c.price_before === null ? "—" : money(c.price_before, reorder.currency)} →{" "}
                  {c.price_after === null ? "—" : money(c.price_after, reorder.currency)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {order.approval?.status === "rejected" && (
        <p className="alert alert-warning" role="status" data-testid="order-rejected">
          Your company admin rejected this order{order.approval.reason ? `: ${order.approval.reason}` : "."}
        </p>
      )}
      {order.approval?.status === "rejected" && (approver || order.approval.placed_by === userId) && (
        <section className="card order-approval" aria-labelledby="resubmit-title" data-testid="order-resubmit">
          <h2 id="resubmit-title">Resubmit for approval</h2>
          <p>Say what changed; the order then waits for your company admin's approval again.</p>
          <Form method="post" className="order-reject">
            <input type="hidden" name="intent" value="resubmit" />
            <div className="field">
              <label htmlFor="note">What changed</label>
              <input id="note" name="note" required maxLength={1000} placeholder="For example: the right cost centre's purchase order" />
            </div>
            {order.payment_method === "purchase_order" && (
              <div className="field">
                <label htmlFor="po_number">Purchase order number</label>
                <input id="po_number" name="po_number" maxLength={64} defaultValue={order.po_number ?? ""} />
              </div>
            )}
            <button type="submit" className="button button-primary" disabled={busy}>
              Resubmit
            </button>
          </Form>
        </section>
      )}
      {order.status === "purchase_order" && (
        <p className="alert alert-success" role="status" data-testid="order-confirmed">
          Thank you: your order is placed. The shop invoices your company against purchase order {order.po_number}.
        </p>
      )}
      {order.status === "awaiting_payment" && paidReturn && (
        <p className="alert alert-success" role="status">
          Thank you — Stripe is confirming your payment; this page shows it as paid once it has.
        </p>
      )}
      <div className="order-facts">
        {order.billing_address && (
          <section className="card">
            <h2>Billing address</h2>
            <address>
              {lines(order.billing_address).map((l) => (
                <div key={l}>{l}</div>
              ))}
            </address>
          </section>
        )}
        {order.shipping_address && (
          <section className="card">
            <h2>Delivery</h2>
            <address>
              {lines(order.shipping_address).map((l) => (
                <div key={l}>{l}</div>
              ))}
            </address>
            {order.shipping && (
              <p data-testid="order-shipping">
                {order.shipping.name}: {money(order.shipping.price, order.currency)} · {order.shipping.weight_kg} kg
              </p>
            )}
          </section>
        )}
      </div>
      <section className="card">
        <h2>Lines</h2>
        <table className="review-lines">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Quantity</th>
              <th scope="col">Unit price</th>
              <th scope="col">Total</th>
              <th scope="col">Lead time</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.id}>
                <td>{item.position + 1}</td>
                <td>{item.quantity}</td>
                <td>{item.unit_price === null ? "—" : money(item.unit_price, order.currency)}</td>
                <td>{item.total === null ? "—" : money(item.total, order.currency)}</td>
                <td>{item.lead_time_days === null ? "—" : `${item.lead_time_days} working days`}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ul className="quote-meta">
          <li>Ordered {day(order.created_at)}</li>
          {order.terms_version !== null && <li>Under the shop's terms, version {order.terms_version}</li>}
        </ul>
      </section>
      {documents && (
        <section className="card" aria-labelledby="order-documents" data-testid="order-documents">
          <h2 id="order-documents">Documents</h2>
          {/* The first shipment issues the invoice; the shop may issue it earlier (decision 70). */}
          {canInvoice && !invoiced && (order.status === "paid" || order.status === "purchase_order") && (
            <Form method="post" className="inline-form">
              <button type="submit" name="intent" value="invoice" className="button button-secondary" disabled={busy} data-testid="issue-invoice">
                Issue invoice now
              </button>
            </Form>
          )}
          <DocumentList
            documents={documents.rows}
            type={documents.type}
            path={`/orders/${order.id}`}
            nextCursor={documents.nextCursor}
            paged={documents.paged}
          />
        </section>
      )}
    </div>
  );
}
