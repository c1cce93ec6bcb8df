import { Form } from "react-router";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { useFormat } from "../format/use-format.ts";
import type { ProcessCode } from "../../engine/pricing/price-book.ts";
import { finishesFor, materialsFor, type Catalog } from "./catalog.ts";

export interface QuoteChangeView {
  item_id: string;
  item: number;
  field: string;
  before?: unknown;
  after?: unknown;
  price_before: number | null;
  price_after: number | null;
}

const FIELD_NAMES: Record<string, string> = {
  quantity: "Quantity",
  material: "Material",
  finish: "Finish",
  lead_time: "Lead time",
  item: "Item",
  price: "Price",
  configuration: "Design",
};

const CHOICES = ["material", "finish", "lead_time", "configuration_id"] as const;

/** A configured item's design and the caller's other saved designs of the same product. */
export interface DesignChoice {
  current: string;
  options: { id: string; label: string }[];
}

/**
 * One item's choices (quantity; a part's material and finish; a configured
 * product's design, one of the caller's saved configurations; lead time),
 * changed as a new revision priced on today's book. Each choice goes with the
 * value it had, so only what the customer changed is sent; the server checks
 * the combination (an unfit finish is its 422, shown on the page).
 */
export function EditItemForm({
  itemId,
  index,
  options,
  catalog,
  design = null,
}: {
  itemId: string;
  index: number;
  options: Record<string, unknown>;
  catalog: Catalog | null;
  design?: DesignChoice | null;
}) {
  const process = options.process as ProcessCode | undefined;
  const material = typeof options.material === "string" ? options.material : "";
  const current = {
    material,
    finish: typeof options.finish === "string" ? options.finish : "",
    lead_time: typeof options.lead_time === "string" ? options.lead_time : "",
    configuration_id: design?.current ?? "",
  };
  return (
    <Form method="post" className="edit-item" aria-label={`Change item ${index + 1}`}>
      <input type="hidden" name="item_id" value={itemId} />
      {CHOICES.map((c) => (
        <input key={c} type="hidden" name={`current_${c}`} value={current[c]} />
      ))}
      <label>
        Quantity of item {index + 1}
        <input type="number" name="quantity" min={1} max={1_000_000} step={1} defaultValue={Number(options.quantity)} required />
      </label>
      {design && design.options.length > 1 && (
        <label>
          Design
          <select name="configuration_id" defaultValue={design.current}>
            {design.options.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {catalog && process && (
        <>
          <label>
            Material
            <select name="material" defaultValue={material}>
              {materialsFor(catalog, process).map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Finish
            <select name="finish" defaultValue={current.finish}>
              <option value="">None</option>
              {finishesFor(catalog, process, material).map((f) => (
                <option key={f.code} value={f.code}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {catalog && (
        <label>
          Lead time
          <select name="lead_time" defaultValue={current.lead_time}>
            {current.lead_time === "" && <option value="">As quoted</option>}
            {catalog.lead_times.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
      )}{" "}
      <SubmitButton name="intent" value="edit-item" variant="secondary" pendingLabel="Updating…">
        Update
      </SubmitButton>{" "}
      <SubmitButton name="intent" value="remove-item" variant="ghost" pendingLabel="Removing…">
        Remove
      </SubmitButton>
    </Form>
  );
}

/** The item's changed choices from its edit form: only those that differ from what it had. */
export function itemEditOf(form: FormData) {
  const value = (name: string) => String(form.get(name) ?? "");
  const edit: Record<string, unknown> = { item_id: value("item_id"), quantity: Number(value("quantity")) };
  for (const c of CHOICES) {
    if (!form.has(c) || value(c) === value(`current_${c}`)) continue;
    // No finish is `null`; a lead time or a design is never unset from the form.
    if (value(c) !== "" || c === "finish") edit[c] = value(c) === "" ? null : value(c);
  }
  return edit;
}

/** An expired quote, again at today's prices: a new revision, same number, the old one kept in the history. */
export function RequoteButton() {
  return (
    <Form method="post" className="card">
      <p>This quote has expired. Its prices may have changed since.</p>
      <SubmitButton name="intent" value="requote" pendingLabel="Requoting…">
        Requote at today's prices
      </SubmitButton>
    </Form>
  );
}

/** What this revision changed from the one before, price by price. */
export function ChangesPanel({
  changes,
  revision,
  currency,
  designs = {},
}: {
  changes: QuoteChangeView[];
  revision: number;
  currency: string;
  /** Names of the designs (saved configurations) a change of design mentions by id. */
  designs?: Record<string, string>;
}) {
  const { money } = useFormat();
  const shown = (field: string, v: unknown) =>
    v === null || v === undefined
      ? "—"
      : field === "price"
        ? money(v as number, currency)
        : field === "configuration"
          ? (designs[String(v)] ?? "An earlier design")
          : String(v);
  const price = (v: number | null) => (v === null ? "—" : money(v, currency));
  return (
    <section className="card changes-panel" aria-label="Changes in this revision" data-testid="quote-changes">
      <h2>Changed in revision {revision}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">What</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Price before</th>
            <th scope="col">Price now</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={`${c.item_id}-${c.field}`}>
              <td>{c.item}</td>
              <td>{FIELD_NAMES[c.field] ?? c.field}</td>
              <td>{shown(c.field, c.before)}</td>
              <td>{shown(c.field, c.after)}</td>
              <td>{price(c.price_before)}</td>
              <td>{price(c.price_after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
