import Stripe from "stripe";

/**
 * Stripe on Workers: the SDK on its fetch HTTP client and WebCrypto. Each
 * shop uses its own secret key (stored encrypted), so a client is made per call.
 */
export const stripeClient = (secretKey: string) => new Stripe(secretKey, { httpClient: Stripe.createFetchHttpClient(), maxNetworkRetries: 2, timeout: 10_000 });

const cryptoProvider = Stripe.createSubtleCryptoProvider();

/**
 * Verifies `Stripe-Signature` against each active secret with the SDK. The SDK
 * only refuses old timestamps; one from the future beyond the tolerance is
 * refused here too — checking the timestamp the SDK verifies, the last `t=`.
 */
export async function verifyStripe(
  secrets: string[],
  header: string | null,
  body: Uint8Array,
  toleranceSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<{ ok: true; id: string; event: Stripe.Event } | { ok: false; reason: string }> {
  if (!header) return { ok: false, reason: "missing_headers" };
  const t = [...header.matchAll(/(?:^|,)\s*t=([^,]*)/g)].at(-1)?.[1];
  if (!t || !/^\d+$/.test(t)) return { ok: false, reason: "bad_timestamp" };
  if (Number(t) - nowSeconds > toleranceSeconds) return { ok: false, reason: "future_timestamp" };
  for (const secret of secrets) {
    try {
      const event = await Stripe.webhooks.constructEventAsync(body, header, secret, toleranceSeconds, cryptoProvider);
      if (!event.id) return { ok: false, reason: "missing_id" };
      return { ok: true, id: event.id, event };
    } catch {
      // Try the next secret; the reason is the same for all (no oracle).
    }
  }
  return { ok: false, reason: "bad_signature" };
}

export interface CheckoutInput {
  orderId: string;
  quoteId: string;
  quoteNumber: string;
  tenantId: string;
  amount: number;
  currency: string;
  successUrl: string;
  cancelUrl: string;
  customerEmail: string | null;
}

/** A Checkout Session for one order; the idempotency key makes a retried call return the same session. */
export function createCheckoutSession(stripe: Stripe, input: CheckoutInput, idempotencyKey: string) {
  return stripe.checkout.sessions.create(
    {
      mode: "payment",
      client_reference_id: input.orderId,
      metadata: { order_id: input.orderId, quote_id: input.quoteId, tenant_id: input.tenantId },
      customer_email: input.customerEmail ?? undefined,
      line_items: [
        {
          quantity: 1,
          price_data: { currency: input.currency.toLowerCase(), unit_amount: input.amount, product_data: { name: `Quote ${input.quoteNumber}` } },
        },
      ],
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
    },
    { idempotencyKey },
  );
}
