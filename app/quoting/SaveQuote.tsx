/**
 * Saves the priced parts as a quote: signed in, or as a guest with an e-mail.
 * The browser's totals travel as `preview_total` so the server can flag a
 * difference; one Idempotency-Key per set of items makes a double submit harmless.
 * Parts that cannot be made as they are go with it unpriced: the quote is then
 * a request for a manual quote, which the shop reviews and prices by hand.
 * With an open quote the parts can join it instead (one call per part, each
 * with its own key, so a retry after a part was refused adds none twice).
 */
import { useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import type { CompiledPriceBook } from "../../engine/pricing/compile.ts";
import { quoteTotals } from "../../engine/pricing/quote.ts";
import type { ItemPrice, PricedItem } from "../../engine/pricing/blockers.ts";
import { FormAlert } from "../components/FormAlert.tsx";
import { TextField } from "../components/TextField.tsx";
import { callApi } from "../api/client.ts";
import { useFormat } from "../format/use-format.ts";
import type { LocalPrice } from "./local-price.ts";
import { TaxTotals } from "./TaxTotals.tsx";
import { QuoteTargetChoice, type QuoteTarget } from "./QuoteTargetChoice.tsx";
import { useOpenQuote, type OpenQuote } from "./use-open-quote.ts";
import { modelIdOf, type Part } from "./use-parts.ts";

interface Props {
  parts: Part[];
  prices: Map<string, LocalPrice>;
  book: CompiledPriceBook;
  signedIn: boolean;
}

interface Ready {
  items: { model_id: string; price: ItemPrice; options: NonNullable<Part["options"]> }[];
  waiting: number;
  blocked: number;
  skipped: number;
}

/** Which parts can go on the quote now, and why the others cannot. */
function readiness(parts: Part[], prices: Map<string, LocalPrice>): Ready {
  const ready: Ready = { items: [], waiting: 0, blocked: 0, skipped: 0 };
  for (const p of parts) {
    const priced = prices.get(p.id);
    const modelId = modelIdOf(p.upload);
    const serverFailed = p.upload.state === "failed" || (p.upload.state === "confirmed" && p.upload.model.status === "failed");
    if (p.analysis.state === "failed" || serverFailed || (priced && !priced.ok)) ready.skipped++;
    else if (p.analysis.state === "running" || !priced || !modelId) ready.waiting++;
    else {
      if (priced.price.blocked) ready.blocked++;
      ready.items.push({ model_id: modelId, price: priced.price, options: p.options! });
    }
  }
  return ready;
}

export function SaveQuote({ parts, prices, book, signedIn }: Props) {
  const { money, plural } = useFormat();
  const navigate = useNavigate();
  const [error, setError] = useState<{ message: string; email?: string }>();
  const [saving, setSaving] = useState(false);
  const idempotency = useRef<{ body: string; key: string } | null>(null);
  const ready = readiness(parts, prices);
  const priced = ready.items.map((i) => i.price).filter((p): p is PricedItem => !p.blocked);
  const totals = priced.length > 0 ? quoteTotals(book, priced) : null;
  const canSave = ready.items.length > 0 && ready.waiting === 0 && !saving;

  const openQuote = useOpenQuote(ready.items.length > 0);
  const [target, setTarget] = useState<QuoteTarget>("open");
  const itemKeys = useRef(new Map<string, string>());
  const intoOpen = openQuote !== null && target === "open";

  const bodyOf = ({ model_id, options, price }: Ready["items"][number]) => ({ model_id, ...options, ...(price.blocked ? {} : { preview_total: price.total }) });

  /** Adds the parts one by one; answers the first refusal, saying how many went on before it. */
  async function addToOpen(quote: OpenQuote) {
    let added = 0;
    for (const item of ready.items) {
      const body = JSON.stringify(bodyOf(item));
      const key = itemKeys.current.get(`${quote.id} ${body}`) ?? crypto.randomUUID();
      itemKeys.current.set(`${quote.id} ${body}`, key);
      const answer = await callApi<{ id: string }>("browser", `/quotes/${quote.id}/items`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "idempotency-key": key },
      });
      if (!answer.ok) return { answer, added };
      added++;
    }
    return { answer: null, added };
  }

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!canSave) return;
    setSaving(true);
    setError(undefined);
    if (intoOpen) {
      const { answer, added } = await addToOpen(openQuote);
      if (!answer) {
        navigate(`/quotes/${openQuote.id}`);
        return;
      }
      setSaving(false);
      // Sent or decided meanwhile: it takes no more parts, a new quote does.
      if (answer.status === 409) setTarget("new");
      const before = added > 0 ? `${plural(added, "part")} of ${ready.items.length} went on ${openQuote.number}. ` : "";
      setError({ message: `${before}${answer.error.message}` });
      return;
    }
    const email = new FormData(e.currentTarget).get("contact_email");
    const body = JSON.stringify({
      items: ready.items.map(bodyOf),
      ...(signedIn ? {} : { contact_email: String(email ?? "").trim() }),
    });
    if (idempotency.current?.body !== body) idempotency.current = { body, key: crypto.randomUUID() };
    const answer = await callApi<{ id: string }>("browser", "/quotes", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "idempotency-key": idempotency.current.key },
    });
    if (answer.ok) {
      navigate(`/quotes/${answer.data.id}`);
      return;
    }
    setSaving(false);
    const emailProblem = answer.error.fieldError("contact_email");
    setError({
      message: emailProblem ? "Please enter the e-mail address we should send the quote to." : answer.error.message,
      email: emailProblem ? `E-mail ${emailProblem}.` : undefined,
    });
  }

  return (
    <form id="save-quote" className="card save-quote" onSubmit={save} aria-labelledby="save-title" noValidate>
      <h2 id="save-title">Your quote</h2>
      {totals ? (
        <dl className="save-totals">
          <div>
            <dt>{ready.blocked > 0 ? `${plural(priced.length, "part")} priced` : plural(priced.length, "part")}</dt>
            <dd>{money(totals.items_total, totals.currency)}</dd>
          </div>
          {totals.minimum_order_surcharge > 0 && (
            <div>
              <dt>Minimum order top-up</dt>
              <dd>{money(totals.minimum_order_surcharge, totals.currency)}</dd>
            </div>
          )}
          <TaxTotals
            currency={totals.currency}
            net={null}
            tax={totals.tax}
            total={totals.gross_total}
            totalLabel={ready.blocked > 0 ? "Total so far" : "Total"}
            totalTestId="quote-estimate"
          />
        </dl>
      ) : ready.blocked > 0 ? (
        <p className="muted">No price yet: the shop quotes these parts by hand.</p>
      ) : (
        <p className="muted">Prices appear here as soon as your parts are analysed.</p>
      )}
      <div aria-live="polite" className="save-status">
        {ready.waiting > 0 && <p className="muted">Waiting for {plural(ready.waiting, "part")} to finish analysing and uploading…</p>}
        {ready.blocked > 0 && (
          <p className="field-error" data-testid="manual-quote-note">
            {ready.blocked === 1 ? "1 part cannot" : `${plural(ready.blocked, "part")} cannot`} be made as designed (see “Must fix”) and{" "}
            {ready.blocked === 1 ? "has" : "have"} no price. Fix or remove {ready.blocked === 1 ? "it" : "them"}, or request a manual quote: the shop checks{" "}
            {ready.blocked === 1 ? "it" : "them"} and sends you a price.
          </p>
        )}
        {ready.skipped > 0 && <p className="muted">{plural(ready.skipped, "file")} could not be read and will be left out.</p>}
      </div>
      {openQuote && <QuoteTargetChoice openQuote={openQuote} target={target} onChange={setTarget} />}
      {!signedIn && !intoOpen && (
        <TextField
          label="Your e-mail"
          name="contact_email"
          type="email"
          autoComplete="email"
          required
          error={error?.email}
          hint="We send the quote here. No account needed."
        />
      )}
      <FormAlert message={error?.message} />
      <button type="submit" className="button button-primary" disabled={!canSave} aria-busy={saving || undefined}>
        {saving ? "Saving…" : intoOpen ? `Add to ${openQuote.number}` : ready.blocked > 0 ? "Request a manual quote" : "Save as quote"}
      </button>
      <p className="field-hint">
        {ready.blocked > 0
          ? "Nothing is ordered: the shop reviews the quote and prices it by hand."
          : "The shop's server re-checks every part and confirms the price on the quote."}
      </p>
    </form>
  );
}
