import { Form } from "react-router";
import type { Analysis } from "../../engine/mesh/types.ts";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { materialsFor, normalizeOptions, PROCESS_LABELS, processesFor, type Catalog } from "./catalog.ts";
import type { ProcessCode } from "../../engine/pricing/price-book.ts";

/** What the customer can add to a quote: their saved designs and their analysed parts. */
export interface Addable {
  designs: { id: string; label: string; product_id: string }[];
  parts: { id: string; label: string; kind: Analysis["kind"] }[];
}

/** The ways the shop makes a part, as `process:material` choices ("3D printing (FFF) · PLA"). */
function makings(catalog: Catalog) {
  const kinds: Analysis["kind"][] = ["mesh", "profile"];
  const processes = [...new Set(kinds.flatMap((k) => processesFor(catalog, k)))];
  return processes.flatMap((p) => materialsFor(catalog, p).map((m) => ({ value: `${p}:${m.code}`, label: `${PROCESS_LABELS[p]} · ${m.name}` })));
}

/**
 * "Add an item" to a quote not yet accepted: one of the customer's saved
 * designs or uploaded parts (with how to make it), as a new revision priced
 * on today's book. A part made by a process it does not suit (a sheet for
 * printing) is the API's 422, shown on the page.
 */
export function AddItemForm({ addable, catalog }: { addable: Addable; catalog: Catalog | null }) {
  if (addable.designs.length === 0 && addable.parts.length === 0) return null;
  return (
    <Form method="post" className="card edit-item add-item" aria-label="Add an item">
      <h2>Add an item</h2>
      <label>
        Design or part
        <select name="addition" required defaultValue="">
          <option value="" disabled>
            Choose…
          </option>
          {addable.designs.length > 0 && (
            <optgroup label="Your saved designs">
              {addable.designs.map((d) => (
                <option key={d.id} value={`configuration:${d.id}`}>
                  {d.label}
                </option>
              ))}
            </optgroup>
          )}
          {addable.parts.length > 0 && (
            <optgroup label="Your uploaded parts">
              {addable.parts.map((p) => (
                <option key={p.id} value={`model:${p.id}`}>
                  {p.label}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      {catalog && addable.parts.length > 0 && (
        <label>
          Made by (parts only)
          <select name="making">
            {makings(catalog).map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Quantity
        <input type="number" name="quantity" min={1} max={1_000_000} step={1} defaultValue={1} required />
      </label>{" "}
      <SubmitButton name="intent" value="add-item" variant="secondary" pendingLabel="Adding…">
        Add to quote
      </SubmitButton>
    </Form>
  );
}

/** The revision body for the form: a design as it was saved, a part with the shop's first choice for what the form does not ask. */
export function itemAdditionOf(form: FormData, catalog: Catalog | null) {
  const [kind, id] = String(form.get("addition") ?? "").split(":");
  const quantity = Number(form.get("quantity"));
  if (kind === "configuration") return { add: [{ configuration_id: id, quantity }] };
  const [process, material] = String(form.get("making") ?? "").split(":") as [ProcessCode, string];
  const options = catalog ? normalizeOptions(catalog, process, { material, quantity }) : { process, material, quantity };
  return { add: [{ model_id: id, ...options }] };
}
