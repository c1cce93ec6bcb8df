import { Form } from "react-router";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { useFormat } from "../format/use-format.ts";

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
};

/** One item's quantity, changed as a new revision of the quote (priced on today's price book). */
export function EditQuantityForm({ itemId, index, quantity }: { itemId: string; index: number; quantity: number }) {
  return (
    <Form method="post" className="edit-quantity" aria-label={`Change item ${index + 1}`}>
      <input type="hidden" name="item_id" value={itemId} />
      <label>
        Quantity of item {index + 1}
        <input type="number" name="quantity" min={1} max={1_000_000} step={1} defaultValue={quantity} required />
      </label>{" "}
      <SubmitButton name="intent" value="edit-quantity" variant="secondary" pendingLabel="Updating…">
        Update
      </SubmitButton>{" "}
      <SubmitButton name="intent" value="remove-item" variant="ghost" pendingLabel="Removing…">
        Remove
      </SubmitButton>
    </Form>
  );
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
export function ChangesPanel({ changes, revision, currency }: { changes: QuoteChangeView[]; revision: number; currency: string }) {
  const { money } = useFormat();
  const shown = (field: string, v: unknown) => (v === null || v === undefined ? "—" : field === "price" ? money(v as number, currency) : String(v));
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
