/** After acceptance: pay by card (Stripe Checkout) or order on a purchase order, then the order's state. */
import { Form, Link, useNavigation } from "react-router";
import { useFormat } from "../format/use-format.ts";

export interface OrderView {
  id: string;
  status: "awaiting_payment" | "paid" | "purchase_order";
  payment_method: "stripe" | "purchase_order";
  amount: number;
  currency: string;
  po_number: string | null;
  paid_at: string | null;
}

const ORDER_TEXT: Record<OrderView["status"], string> = {
  awaiting_payment: "Awaiting payment",
  paid: "Paid",
  purchase_order: "Ordered on purchase order",
};

interface Props {
  order: OrderView | null;
  card: boolean;
  /** Back from Stripe Checkout: the payment is confirmed by Stripe's webhook, usually within seconds. */
  returned: "success" | "cancelled" | null;
  canPay: boolean;
}

export function PaymentPanel({ order, card, returned, canPay }: Props) {
  const { money } = useFormat();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("intent")) : null;
  const settled = order && order.status !== "awaiting_payment";
  return (
    <section className="card payment-panel" aria-labelledby="payment-title">
      <h3 id="payment-title">Order and payment</h3>
      {order && (
        <p data-testid="order-status">
          <span className={`badge badge-status badge-${order.status}`}>{ORDER_TEXT[order.status]}</span> {money(order.amount, order.currency)}
          {order.po_number ? ` · PO ${order.po_number}` : ""} · <Link to={`/orders/${order.id}`}>View order</Link>
        </p>
      )}
      {!settled && returned === "success" && (
        <p className="alert alert-success">Thank you — Stripe is confirming your payment; this page shows it as paid once it has.</p>
      )}
      {!settled && returned === "cancelled" && <p className="alert alert-warning">The card payment was cancelled; nothing was charged.</p>}
      {!settled && canPay && (
        <>
          {card && (
            <Form method="post">
              <button type="submit" name="intent" value="checkout" className="button button-primary" disabled={!!busy}>
                {busy === "checkout" ? "Opening Stripe…" : "Pay by card"}
              </button>
            </Form>
          )}
          <Form method="post" className="field po-form">
            <label htmlFor="po_number">Purchase order number</label>
            <div className="inline-field">
              <input id="po_number" name="po_number" required maxLength={64} autoComplete="off" />
              <button type="submit" name="intent" value="purchase-order" className="button button-secondary" disabled={!!busy}>
                {busy === "purchase-order" ? "Ordering…" : "Order on PO"}
              </button>
            </div>
          </Form>
        </>
      )}
    </section>
  );
}
