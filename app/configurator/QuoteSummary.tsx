import { useState, type FormEvent } from "react";
import { Link, useNavigate, useRouteLoaderData } from "react-router";
import type { Blocker } from "../../engine/pricing/blockers.ts";
import { BlockedNotice } from "../components/BlockedNotice.tsx";
import { TextField } from "../components/TextField.tsx";
import type { loader as rootLoader } from "../root.tsx";
import { QuoteTargetChoice, type QuoteTarget } from "../quoting/QuoteTargetChoice.tsx";
import { useOpenQuote } from "../quoting/use-open-quote.ts";
import { callApi } from "../api/client.ts";
import type { SavedState } from "./Configurator.tsx";
import { useFormat } from "../format/use-format.ts";
import type { Product, SavedConfiguration } from "./product.ts";
import { pointerOfField, type Config } from "./schema-fields.ts";

interface SummaryProps {
  product: Product;
  config: Config;
  valid: boolean;
  price: { total: number; currency: string } | null;
  /** What stops this configuration being made as it is (a U-value over the shop's limit, a rule): no price then. */
  blockers: Blocker[];
  thermal: { overall_u_value: number; limit: { max_u_value: number; passes: boolean } | null } | null;
  /** The figures belong to an earlier, valid configuration. */
  stale: boolean;
  /** What stops the configuration, first in the form's order: the price card names it. */
  problem: { pointer: string | null; label: string | null; message: string } | null;
  onFix(pointer: string): void;
  savedAs: SavedState | null;
  upToDate: boolean;
  onSaved(state: SavedState): void;
  /** The server's field errors, by JSON pointer. */
  onFieldErrors(errors: Record<string, string>): void;
}

/** The live price and key figure, with the two things to do next: save, then add to a quote. */
export function QuoteSummary(props: SummaryProps) {
  const { money, number: num } = useFormat();
  const { price, thermal, stale, blockers, problem, onFix } = props;
  const blocked = blockers.length > 0;
  return (
    <section className="card cfg-summary" aria-labelledby="summary-title">
      <h2 id="summary-title" className="visually-hidden">
        Price and next steps
      </h2>
      <div className={stale ? "summary-figures results-stale" : "summary-figures"}>
        <div>
          <p className="stat-label">Price per unit</p>
          {blocked ? (
            <p className="price-on-request" data-testid="price-blocked">
              No price
            </p>
          ) : price ? (
            <p className="price" data-testid="price-total">
              {money(price.total, price.currency)}
            </p>
          ) : (
            <p className="price-on-request">Price on request</p>
          )}
        </div>
        {thermal && (
          <div>
            <p className="stat-label">U-value</p>
            <p className="summary-u">
              {num(thermal.overall_u_value, 2)} <span className="unit-text">W/m²K</span>
              {thermal.limit && (
                <span className={thermal.limit.passes ? "dot dot-pass" : "dot dot-fail"}>{thermal.limit.passes ? "meets limit" : "over limit"}</span>
              )}
            </p>
          </div>
        )}
      </div>
      {blocked && (
        <BlockedNotice blockers={blockers} title="This cannot be made as configured.">
          {!stale && <p>Change the options above, or save it and request a manual quote: the shop checks it and prices it by hand.</p>}
        </BlockedNotice>
      )}
      {stale && problem && (
        <div className="alert alert-error summary-problem" data-testid="price-problem">
          <p>
            {problem.label ? (
              <>
                <strong>{problem.label}:</strong> {problem.message}
              </>
            ) : (
              problem.message
            )}
          </p>
          <p>No price until this is fixed; the figures shown are for your last valid choice.</p>
          {problem.pointer && (
            <button type="button" className="button button-secondary button-small" onClick={() => onFix(problem.pointer!)}>
              Go to {problem.label ?? "the field"}
            </button>
          )}
        </div>
      )}
      {!price && !blocked && !stale && <p className="field-hint">The shop prices this product when you request a quote.</p>}
      <SaveConfiguration {...props} />
      {props.savedAs && props.upToDate && <AddToQuote configurationId={props.savedAs.id} manual={blocked} />}
    </section>
  );
}

function SaveConfiguration({ product, config, valid, savedAs, upToDate, onSaved, onFieldErrors }: SummaryProps) {
  const [name, setName] = useState(savedAs?.name ?? "");
  const [nameError, setNameError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    setNameError(null);
    const answer = await callApi<SavedConfiguration>("browser", "/configurations", {
      json: { product_id: product.id, config, name: name.trim() || undefined },
    });
    setBusy(false);
    if (answer.ok) {
      onSaved({ id: answer.data.id, name: answer.data.name, config });
      return;
    }
    const fields: Record<string, string> = {};
    for (const d of answer.error.fieldErrors) {
      const pointer = pointerOfField(d.field);
      if (pointer) fields[pointer] = d.message.charAt(0).toUpperCase() + d.message.slice(1);
      else if (d.field === "name") setNameError(`Name ${d.message}.`);
    }
    onFieldErrors(fields);
    setMessage(answer.error.code === "VALIDATION_ERROR" ? "The shop could not accept this configuration: see the highlighted fields." : answer.error.message);
  };

  return (
    <form className="save-form" onSubmit={save} noValidate>
      <TextField
        label="Name"
        name="configuration_name"
        optional
        maxLength={200}
        value={name}
        placeholder="e.g. Back door, Elm Street"
        error={nameError ?? undefined}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <div aria-live="polite">
        {message && <p className="alert alert-error">{message}</p>}
        {upToDate && savedAs && (
          <p className="alert alert-success" data-testid="saved-status">
            Saved{savedAs.name ? ` as “${savedAs.name}”` : ""}. <Link to="/saved">See your saved configurations</Link>
          </p>
        )}
      </div>
      {!upToDate && (
        <button type="submit" className="button button-primary" disabled={busy || !valid}>
          {busy ? "Saving…" : savedAs ? "Save changes as new configuration" : "Save configuration"}
        </button>
      )}
    </form>
  );
}

function AddToQuote({ configurationId, manual }: { configurationId: string; manual: boolean }) {
  const signedIn = !!useRouteLoaderData<typeof rootLoader>("root")?.viewer;
  const navigate = useNavigate();
  const openQuote = useOpenQuote();
  const [target, setTarget] = useState<QuoteTarget>("open");
  const [quantity, setQuantity] = useState("1");
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const intoOpen = openQuote !== null && target === "open";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage(null);
    const item = { configuration_id: configurationId, quantity: Number(quantity) };
    const answer = intoOpen
      ? await callApi<{ id: string }>("browser", `/quotes/${openQuote.id}/items`, { json: item })
      : await callApi<{ id: string }>("browser", "/quotes", { json: { items: [item], contact_email: signedIn ? undefined : email.trim() } });
    setBusy(false);
    if (answer.ok) {
      navigate(`/quotes/${answer.data.id}`);
      return;
    }
    if (intoOpen && answer.status === 409) {
      // Sent or decided meanwhile: it takes no more items, a new quote does.
      setTarget("new");
      setMessage(answer.error.message);
      return;
    }
    const fields: Record<string, string> = {};
    for (const d of answer.error.fieldErrors) {
      const key = d.field.endsWith("quantity") ? "quantity" : d.field === "contact_email" ? "contact_email" : null;
      if (key) fields[key] = d.message.charAt(0).toUpperCase() + d.message.slice(1);
    }
    setErrors(fields);
    setMessage(Object.keys(fields).length > 0 ? null : answer.error.message);
  };

  return (
    <form className="quote-form" onSubmit={submit} noValidate aria-labelledby="quote-title">
      <h3 id="quote-title">{manual ? "Request a manual quote" : "Request a quote"}</h3>
      {openQuote && <QuoteTargetChoice openQuote={openQuote} target={target} onChange={setTarget} />}
      <div className="quote-fields">
        <TextField
          label="Quantity"
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={quantity}
          error={errors.quantity}
          onChange={(e) => setQuantity(e.currentTarget.value)}
        />
        {!signedIn && !intoOpen && (
          <TextField
            label="Your e-mail"
            name="contact_email"
            type="email"
            autoComplete="email"
            required
            value={email}
            error={errors.contact_email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
        )}
      </div>
      {message && <p className="alert alert-error">{message}</p>}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? "Adding…" : intoOpen ? `Add to ${openQuote.number}` : manual ? "Request a manual quote" : "Add to quote"}
      </button>
    </form>
  );
}
