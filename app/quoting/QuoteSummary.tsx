/** The quote's status, totals with tax, validity and what the visitor may do next. */
import { Form, useNavigation } from "react-router";
import { useFormat } from "../format/use-format.ts";
import { TaxTotals } from "./TaxTotals.tsx";
import { FormAlert } from "../components/FormAlert.tsx";
import type { QuoteView } from "./quote-types.ts";

const STATUS_TEXT: Record<QuoteView["status"], string> = {
  draft: "Draft",
  pricing: "Pricing",
  priced: "Priced",
  sent: "Sent",
  accepted: "Accepted",
  rejected: "Rejected",
  expired: "Expired",
};

interface Props {
  quote: QuoteView;
  staff: boolean;
  live: "live" | "polling" | "idle";
  error?: string;
}

export function QuoteSummary({ quote, staff, live, error }: Props) {
  const { day, money, plural } = useFormat();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("intent")) : null;
  const t = quote.totals;
  const underReview = quote.review_required && quote.status === "priced";
  const decidable = quote.status === "sent" || (quote.status === "priced" && !quote.review_required);
  const blocked = quote.items.filter((i) => i.blocked).length;
  return (
    <section className="card quote-summary" aria-labelledby="summary-title">
      <h2 id="summary-title" className="visually-hidden">
        Summary
      </h2>
      <p className="quote-status" aria-live="polite">
        <span className={`badge badge-status badge-${quote.status}`} data-testid="quote-status">
          {STATUS_TEXT[quote.status]}
        </span>
        {live === "live" && <span className="muted"> · updates live</span>}
      </p>
      {quote.status === "pricing" && (
        <div className="pricing-progress">
          <progress aria-label="The shop's server is pricing your parts" />
          <p className="muted">The shop's server is checking your files and confirming the price…</p>
        </div>
      )}
      {underReview && (
        <div className="notice-review" role="status">
          <strong>Submitted for review.</strong> The shop checks this quote before it can be accepted
          {quote.review_reasons.length > 0 ? ":" : "."}
          {quote.review_reasons.length > 0 && (
            <ul>
              {quote.review_reasons.map((r, i) => (
                <li key={i}>{r.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {t && (
        <dl className="save-totals">
          <div>
            <dt>{plural(quote.items.length, "part")}</dt>
            <dd>{money(t.items_total, t.currency)}</dd>
          </div>
          {t.minimum_order_surcharge > 0 && (
            <div>
              <dt>Minimum order top-up</dt>
              <dd>{money(t.minimum_order_surcharge, t.currency)}</dd>
            </div>
          )}
          {t.discount && (
            <div data-testid="quote-discount">
              <dt>
                {t.discount.label}
                {t.discount.customer_note && <span className="muted"> · {t.discount.customer_note}</span>}
              </dt>
              <dd>{money(-t.discount.off, t.currency)}</dd>
            </div>
          )}
          <TaxTotals currency={t.currency} net={t.net_total} tax={t.tax} total={t.gross_total} totalTestId="quote-total" />
        </dl>
      )}
      {blocked > 0 && staff && (
        <p className="field-error" data-testid="quote-blocked">
          {blocked === 1 ? "1 item has" : `${plural(blocked, "item")} have`} no price: price {blocked === 1 ? "it" : "them"} by hand below. The quote is sent to
          the customer once no item needs review.
        </p>
      )}
      {blocked > 0 && !staff && (
        <p className="field-error" data-testid="quote-blocked">
          No total yet: {blocked === 1 ? "1 item cannot" : `${plural(blocked, "item")} cannot`} be made as designed and {blocked === 1 ? "waits" : "wait"} for
          the shop's manual quote. The quote cannot be accepted until every item has a price.
        </p>
      )}
      <ul className="quote-meta">
        {t && <li>Ships in {t.lead_time_days} working days after acceptance</li>}
        {quote.valid_until && <li>Valid until {day(quote.valid_until)}</li>}
        <li>Price book version {quote.price_book_version}</li>
      </ul>
      <FormAlert message={error} />
      <div className="quote-actions">
        {decidable && !staff && (
          // Accepting is a checkout: addresses, shipping, payment and terms, reviewed before the order is placed.
          <Form method="get" action={`/quotes/${quote.id}/checkout`}>
            <button type="submit" className="button button-primary" disabled={!!busy || !t?.orderable}>
              Accept quote
            </button>
          </Form>
        )}
        {staff && quote.status === "priced" && blocked === 0 && (
          <Form method="post">
            <button type="submit" name="intent" value="send" className="button button-primary" disabled={!!busy}>
              {busy === "send" ? "Sending…" : "Send to customer"}
            </button>
          </Form>
        )}
        {(quote.status === "priced" || quote.status === "sent") && !staff && (
          <Form method="post">
            <button type="submit" name="intent" value="reject" className="button button-danger" disabled={!!busy}>
              {busy === "reject" ? "Rejecting…" : "Reject"}
            </button>
          </Form>
        )}
        <a className="button button-secondary" href={`/api/v1/quotes/${quote.id}/pdf`} download={`${quote.number}.pdf`}>
          Download PDF
        </a>
      </div>
      {t && !t.orderable && decidable && blocked === 0 && <p className="field-error">Some parts cannot be made as designed; see their findings.</p>}
    </section>
  );
}
