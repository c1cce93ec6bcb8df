/**
 * The shop's discount on a quote line or on the whole quote (decision 71):
 * per cent or an amount in currency units, with a reason for the audit log.
 * The action first asks the API what the discount would do (a dry run): a
 * discount that sells at or below cost is shown with its warning and must be
 * confirmed; without the override permission the API refuses it at the field.
 */
import type { ReactNode } from "react";
import { Form } from "react-router";
import { SubmitButton } from "../components/SubmitButton.tsx";

/** "quote" for the whole quote, else the item's id. */
export type DiscountTarget = string;

export interface DiscountState {
  target: DiscountTarget;
  message?: string;
  fields: Record<string, string>;
  values: Record<string, string>;
  /** Floor warnings of the dry run, to confirm before the discount is given. */
  warnings?: string[];
}

interface Props {
  target: DiscountTarget;
  /** "item 2" or "the quote". */
  what: string;
  currency: string;
  current: { label: string } | null;
  state?: DiscountState;
}

export function DiscountForm({ target, what, currency, current, state }: Props) {
  const id = (name: string) => `discount-${target}-${name}`;
  const error = (name: string) => state?.fields[name];
  const value = (name: string, fallback = "") => state?.values[name] ?? fallback;
  const field = (name: string, label: string, control: ReactNode, hint: string) => (
    <div className={error(name) ? "field field-invalid" : "field"}>
      <label htmlFor={id(name)}>{label}</label>
      {control}
      <p id={`${id(name)}-hint`} className="field-hint">
        {hint}
      </p>
      {error(name) && (
        <p id={`${id(name)}-error`} className="field-error">
          {error(name)}
        </p>
      )}
    </div>
  );
  const described = (name: string) => [`${id(name)}-hint`, error(name) ? `${id(name)}-error` : null].filter(Boolean).join(" ");
  const warned = !!state?.warnings?.length;
  const mine = ({ formData }: { formData: FormData }) => formData.get("target") === target;
  return (
    <details className="card form discount-form" open={!!state} data-testid={`discount-form-${target === "quote" ? "quote" : "item"}`}>
      <summary>{current ? `Discount on ${what}: ${current.label}` : `Give ${what} a discount`}</summary>
      <Form method="post" noValidate aria-label={`Discount on ${what}`}>
        {state?.message && (
          <p className="alert alert-error" role="alert">
            {state.message}
          </p>
        )}
        <input type="hidden" name="intent" value="discount" />
        <input type="hidden" name="target" value={target} />
        {field(
          "kind",
          "Discount as",
          <select id={id("kind")} name="kind" defaultValue={value("kind", "percent")} aria-describedby={described("kind")}>
            <option value="percent">Per cent</option>
            <option value="amount">Amount ({currency})</option>
          </select>,
          "A percentage of the total, or a fixed amount off it.",
        )}
        {field(
          "value",
          "Discount",
          <input
            id={id("value")}
            name="value"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={value("value")}
            aria-invalid={error("value") ? true : undefined}
            aria-describedby={described("value")}
          />,
          `Like 10 for 10 %, or 25.00 ${currency}. Below the shop's cost needs an owner or admin.`,
        )}
        {field(
          "reason",
          "Reason (for the shop only)",
          <textarea
            id={id("reason")}
            name="reason"
            rows={2}
            maxLength={2000}
            defaultValue={value("reason")}
            aria-invalid={error("reason") ? true : undefined}
            aria-describedby={described("reason")}
          />,
          "Kept in the audit log; the customer never sees it.",
        )}
        {field(
          "customer_note",
          "Note to the customer (optional)",
          <textarea
            id={id("customer_note")}
            name="customer_note"
            rows={2}
            maxLength={2000}
            defaultValue={value("customer_note")}
            aria-describedby={described("customer_note")}
          />,
          "Shown to the customer next to the discount.",
        )}
        {warned ? (
          <div className="alert alert-warning" role="alert" data-testid="discount-warning">
            {state!.warnings!.map((w) => (
              <p key={w}>{w}</p>
            ))}
            <SubmitButton name="confirmed" value="1" pendingLabel="Giving the discount…" pendingWhen={mine}>
              Give it anyway
            </SubmitButton>
          </div>
        ) : (
          <SubmitButton pendingLabel="Checking the discount…" pendingWhen={mine}>
            Give discount
          </SubmitButton>
        )}
      </Form>
      {current && (
        <Form method="post">
          <input type="hidden" name="intent" value="remove-discount" />
          <input type="hidden" name="target" value={target} />
          <button type="submit" className="button button-secondary">
            Remove the discount
          </button>
        </Form>
      )}
    </details>
  );
}
