/** The shop's form under a quote line that needs review: a price and lead time set by hand. */
import { Form } from "react-router";
import { SubmitButton } from "../components/SubmitButton.tsx";

export interface ManualPriceFailure {
  item_id: string;
  message: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

interface Props {
  itemId: string;
  index: number;
  currency: string;
  failure?: ManualPriceFailure;
}

const FIELDS = [
  {
    name: "unit_price",
    label: "Unit price",
    type: "text",
    hint: (currency: string) =>
      `Per piece, in ${currency}, stated as your price book states prices (tax included if it includes tax). Below the shop's cost needs an owner or admin.`,
  },
  { name: "lead_time_days", label: "Lead time (working days)", type: "number", hint: () => "Working days after the customer accepts." },
  { name: "reason", label: "Reason (for the shop only)", type: "textarea", hint: () => "Kept in the audit log; the customer never sees it." },
  { name: "customer_note", label: "Note to the customer", type: "textarea", optional: true, hint: () => "Shown to the customer next to the price." },
] as const;

export function ManualPriceForm({ itemId, index, currency, failure }: Props) {
  const error = (name: string) => failure?.fields[name];
  return (
    <Form method="post" className="card form manual-price" aria-label={`Price item ${index + 1} by hand`} noValidate data-testid="manual-price-form">
      <h3>Price item {index + 1} by hand</h3>
      {failure?.message && (
        <p className="alert alert-error" role="alert">
          {failure.message}
        </p>
      )}
      <input type="hidden" name="intent" value="manual-price" />
      <input type="hidden" name="item_id" value={itemId} />
      {FIELDS.map((f) => {
        const id = `${itemId}-${f.name}`;
        const described = [`${id}-hint`, error(f.name) ? `${id}-error` : null].filter(Boolean).join(" ");
        const control = {
          id,
          name: f.name,
          defaultValue: failure?.values[f.name] ?? "",
          "aria-invalid": error(f.name) ? true : undefined,
          "aria-describedby": described,
        };
        return (
          <div key={f.name} className={error(f.name) ? "field field-invalid" : "field"}>
            <label htmlFor={id}>
              {f.label}
              {"optional" in f && <span className="field-optional"> (optional)</span>}
            </label>
            {f.type === "textarea" ? (
              <textarea {...control} rows={2} maxLength={2000} />
            ) : f.type === "number" ? (
              <input {...control} type="number" inputMode="numeric" min={1} max={365} />
            ) : (
              <input {...control} type="text" inputMode="decimal" autoComplete="off" />
            )}
            <p id={`${id}-hint`} className="field-hint">
              {f.hint(currency)}
            </p>
            {error(f.name) && (
              <p id={`${id}-error`} className="field-error">
                {error(f.name)}
              </p>
            )}
          </div>
        );
      })}
      <SubmitButton pendingLabel="Saving the price…" pendingWhen={({ formData }) => formData.get("item_id") === itemId}>
        Set this price
      </SubmitButton>
    </Form>
  );
}
