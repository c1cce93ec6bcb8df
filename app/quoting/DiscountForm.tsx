/**
 * The shop's discount on a quote line or on the whole quote (decision 71):
 * per cent or an amount in currency units, with a reason for the audit log.
 * The action first asks the API what the discount would do (a dry run): a
 * discount that sells at or below cost is shown with its warning and must be
 * confirmed; without the override permission the API refuses it at the field.
 */
import { Form } from "react-router";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { SelectField, TextAreaField, TextField } from "../components/TextField.tsx";

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
        <SelectField
          id={id("kind")}
          label="Discount as"
          name="kind"
          defaultValue={value("kind", "percent")}
          error={error("kind")}
          hint="A percentage of the total, or a fixed amount off it."
        >
          <option value="percent">Per cent</option>
          <option value="amount">Amount ({currency})</option>
        </SelectField>
        <TextField
          id={id("value")}
          label="Discount"
          name="value"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          defaultValue={value("value")}
          error={error("value")}
          hint={`Like 10 for 10 %, or 25.00 ${currency}. Below the shop's cost needs an owner or admin.`}
        />
        <TextAreaField
          id={id("reason")}
          label="Reason (for the shop only)"
          name="reason"
          rows={2}
          maxLength={2000}
          defaultValue={value("reason")}
          error={error("reason")}
          hint="Kept in the audit log; the customer never sees it."
        />
        <TextAreaField
          id={id("customer_note")}
          label="Note to the customer"
          name="customer_note"
          optional
          rows={2}
          maxLength={2000}
          defaultValue={value("customer_note")}
          error={error("customer_note")}
          hint="Shown to the customer next to the discount."
        />
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
