import { Form } from "react-router";
import { type Format, useFormat } from "../format/use-format.ts";
import { groupLabel, isHours, priceGroups, rowLabel, type PriceGroup } from "../lib/price-table.ts";
import type { ProductFailure, ProductFormValues } from "../lib/products.ts";
import { SubmitButton } from "./SubmitButton.tsx";
import { TextField } from "./TextField.tsx";

interface ProductFormProps {
  title: string;
  values: ProductFormValues;
  failure?: ProductFailure;
  /** Creating: the generator the product is made by. */
  generatorKey?: string;
  /** Editing an existing product: it can be withdrawn, and a changed schema becomes this version + 1. */
  schemaVersion?: number;
  withUValueLimit: boolean;
  submitLabel: string;
}

/** Name, description, configuration schema (JSON) and the price table of a product, for create and edit alike. */
export function ProductForm({ title, values, failure, generatorKey, schemaVersion, withUValueLimit, submitLabel }: ProductFormProps) {
  const { money } = useFormat();
  const issues = failure?.issues ?? [];
  const errorOf = (field: string) =>
    issues
      .filter((i) => i.field === field)
      .map((i) => sentence(i.message))
      .join(" ") || undefined;
  const schemaIssues = issues.filter((i) => i.field === "config_schema" || i.field.startsWith("config_schema/") || i.field.startsWith("config_schema."));
  const currency = typeof values.prices.currency === "string" && /^[A-Z]{3}$/.test(values.prices.currency) ? values.prices.currency : null;
  return (
    <Form method="post" className="card form product-form" aria-labelledby="product-form-title" noValidate>
      <h3 id="product-form-title">{title}</h3>
      {generatorKey && <input type="hidden" name="generator_key" value={generatorKey} />}
      <div aria-live="assertive" className="alert-slot">
        {failure && (
          <div className="alert alert-error">
            <p>{failure.message}</p>
            {issues.length > 0 && (
              <ul className="issue-list" aria-label="Problems in the product">
                {issues.map((i, n) => (
                  <li key={n}>
                    <code>{i.field || "(the product)"}</code>: {sentence(i.message)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>

      <TextField label="Name" name="name" required maxLength={200} defaultValue={values.name} error={errorOf("name")} />
      <div className={errorOf("description") ? "field field-invalid" : "field"}>
        <label htmlFor="field-description">
          Description<span className="field-optional"> (optional)</span>
        </label>
        <textarea id="field-description" name="description" rows={3} maxLength={4000} defaultValue={values.description} />
        {errorOf("description") && <p className="field-error">{errorOf("description")}</p>}
      </div>
      {schemaVersion !== undefined && (
        <label className="checkbox checkbox-inline">
          <input type="checkbox" name="active" value="on" defaultChecked={values.active} />
          <span>Offered to customers (in the storefront and the configurator)</span>
        </label>
      )}

      <div className={schemaIssues.length ? "field field-invalid" : "field"}>
        <label htmlFor="field-config_schema">Configuration schema (JSON Schema 2020-12)</label>
        <p id="field-config_schema-hint" className="field-hint">
          What customers may configure and within which limits.{" "}
          {schemaVersion === undefined
            ? "Prefilled with the generator's own schema; you may narrow its ranges and choices."
            : `Saving a changed schema makes version ${schemaVersion + 1}; saved configurations keep the version they were made with.`}
        </p>
        <textarea
          id="field-config_schema"
          name="config_schema"
          className="mono code-editor"
          rows={20}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          defaultValue={values.config_schema}
          aria-invalid={schemaIssues.length ? true : undefined}
          aria-describedby={schemaIssues.length ? "field-config_schema-hint schema-issues" : "field-config_schema-hint"}
        />
        {schemaIssues.length > 0 && (
          <ul id="schema-issues" className="issue-list" aria-label="Problems in the schema">
            {schemaIssues.map((i, n) => (
              <li key={n}>
                <code>{i.field}</code>: {sentence(i.message)}
              </li>
            ))}
          </ul>
        )}
      </div>

      <fieldset className="price-inputs">
        <legend>Pricing</legend>
        {withUValueLimit && (
          <TextField
            label="U-value limit (W/m²K)"
            name="u_value_limit"
            optional
            inputMode="decimal"
            defaultValue={values.u_value_limit}
            error={errorOf("u_value_limit")}
            hint="The door's U-value is checked against it (building regulations of your market)."
          />
        )}
        <p className="field-hint">
          Prices are whole minor units of the table's currency (cents: 2450 = {money(2450, currency ?? "EUR")}). A configuration or quote priced from now on
          uses them; a quote already priced keeps its price until it is revised.
        </p>
        {priceGroups(values.prices).map((group) => (
          <PriceGroupTable key={group.key} group={group} currency={currency} errorOf={errorOf} />
        ))}
      </fieldset>

      <SubmitButton pendingLabel="Saving…">{submitLabel}</SubmitButton>
    </Form>
  );
}

function PriceGroupTable({ group, currency, errorOf }: { group: PriceGroup; currency: string | null; errorOf: (field: string) => string | undefined }) {
  const f = useFormat();
  const captionId = `prices-${group.key || "general"}`;
  const groupError = group.key ? errorOf(`prices.${group.key}`) : undefined;
  return (
    <table className="data-table price-table" aria-labelledby={captionId}>
      <caption id={captionId}>
        {groupLabel(group.key)}
        {groupError && <span className="field-error">{groupError}</span>}
      </caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Value</th>
          <th scope="col">Reads as</th>
        </tr>
      </thead>
      <tbody>
        {group.rows.map((row) => {
          const id = `field-${row.name}`;
          const error = errorOf(row.name);
          return (
            <tr key={row.name} className={error ? "field-invalid" : undefined}>
              <th scope="row" data-label="Item">
                <label htmlFor={id}>{rowLabel(row.code)}</label>
              </th>
              <td data-label="Value">
                <input
                  id={id}
                  name={row.name}
                  inputMode={row.code === "currency" ? "text" : "decimal"}
                  defaultValue={String(row.value ?? "")}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                />
                {error && (
                  <p id={`${id}-error`} className="field-error">
                    {error}
                  </p>
                )}
              </td>
              <td data-label="Reads as" className="muted nowrap">
                {readsAs(f, row.code, row.value, currency)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function readsAs(f: Format, code: string, value: unknown, currency: string | null) {
  if (typeof value !== "number") return "";
  if (isHours(code)) return `${value} h`;
  return currency ? f.money(value, currency) : "";
}

const sentence = (m: string) => `${m.charAt(0).toUpperCase()}${m.slice(1)}${m.endsWith(".") ? "" : "."}`;
