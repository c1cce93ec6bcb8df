import { Form } from "react-router";

/** The lot search box, on the production board and the lots page: it opens a lot by its number. */
export function LotSearch() {
  return (
    <Form method="get" action="/production/lots" className="inbox-filters" role="search" aria-label="Find a lot">
      <div className="field">
        <label htmlFor="lot-number">Lot number</label>
        <input id="lot-number" name="number" required maxLength={40} placeholder="LOT-2026-00001" className="mono" />
      </div>
      <button type="submit" className="button button-secondary">
        Open lot
      </button>
    </Form>
  );
}
