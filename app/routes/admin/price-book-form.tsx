import { createContext, type ReactNode, useContext, useMemo, useState } from "react";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/price-book-form";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { useFormat } from "../../format/use-format.ts";
import { text } from "../../lib/forms.ts";
import { type FieldIssue, type FormNode, type FormTree, fieldMessage, formFromEntries, fromForm, setAt, toForm, valueAt } from "../../price-book/book-form.ts";
import { PROCESS_LABELS } from "../../quoting/catalog.ts";
import priceBookCss from "../../styles/price-book.css?url";
import { previewPrices } from "../../../engine/pricing/book-preview.ts";
import { MATERIAL_UNIT, type PriceBook, type ProcessCode, PROCESSES, priceBookSchema } from "../../../engine/pricing/price-book.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: priceBookCss }];

/** The published book as GET /price-books/current answers it (the shop's costs, margin and rules). */
type Published = PriceBook & { price_book_version: string; valid_from: string | null };

/** A refused publication: per-input messages (named by book path), those for the whole book, and everything typed. */
interface Failure {
  message: string;
  fields: Record<string, string>;
  values: FormTree;
  note: string;
}

/** Inputs of the page that are not part of the book. */
const NOT_BOOK = ["intent", "note"];

export async function loader(args: Route.LoaderArgs) {
  // From the start page: the draft begins as the published book with a process template added (nothing saved).
  const process = new URL(args.request.url).searchParams.get("template");
  const [current, applied] = await Promise.all([
    callApi<Published>(args, "/price-books/current"),
    process ? sendApi<AppliedTemplate>(args, `/price-books/templates/${encodeURIComponent(process)}`, {}) : null,
  ]);
  if (!current.ok) throw errorPage(current);
  if (!applied) return { published: current.data, template: null };
  return { published: current.data, template: applied.ok ? applied.data : { refused: applied.error.message } };
}

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  const form = await request.formData();
  const note = text(form, "note");
  const values = formFromEntries(form.entries(), NOT_BOOK);
  const currency = String(values.currency ?? "");
  const refuse = (issues: FieldIssue[], status: number) => {
    const fields: Record<string, string> = {};
    for (const i of issues) fields[i.field] ??= fieldMessage(i.field, i.message, currency);
    const n = Object.keys(fields).length;
    const message = `Not published: ${n === 1 ? "1 value needs" : `${n} values need`} correcting. Nothing has changed.`;
    return data({ failure: { message, fields, values, note } satisfies Failure }, { status });
  };
  const { book, issues } = fromForm(values);
  // Text that is not a number never reaches the API; everything else is the API's own validation.
  if (issues.length) return refuse(issues, 422);
  const result = await sendApi<Published>(args, "/price-books", { book, ...(note ? { note } : {}) });
  if (result.ok) return redirect(`/admin/catalog?published=${encodeURIComponent(result.data.price_book_version)}`);
  if (result.error.fieldErrors.length === 0) {
    return data({ failure: { message: result.error.message, fields: {}, values, note } satisfies Failure }, { status: result.status });
  }
  return refuse(
    result.error.fieldErrors.map((d) => ({ field: d.field.replace(/^book\.?/, ""), message: d.message })),
    result.status,
  );
}

/** The book as the form edits it: without what the server sets on publication. */
function editable({ version: _v, price_book_version: _p, valid_from: _f, ...book }: Published): Record<string, unknown> {
  return book;
}

type Path = (string | number)[];
interface Editor {
  tree: FormTree;
  set: (path: Path, value: FormNode | undefined) => void;
  replace: (tree: FormTree) => void;
  errors: Record<string, string>;
  currency: string;
}
const EditorContext = createContext<Editor | null>(null);
const useEditor = () => useContext(EditorContext) as Editor;
const nameOf = (path: Path) => path.join(".");
const str = (node: FormNode) => (typeof node === "string" ? node : "");
const list = (node: FormNode) => (Array.isArray(node) ? node : []);

export default function PriceBookForm({ loaderData, actionData }: Route.ComponentProps) {
  const { published } = loaderData;
  const template = loaderData.template as AppliedTemplate | { refused: string } | null;
  const applied = template && "book" in template ? template : null;
  // The serialised type of the recursive form tree is not inferred; it is the `Failure` the action made.
  const failure = actionData?.failure as Failure | undefined;
  const [tree, setTree] = useState<FormTree>(() => failure?.values ?? toForm(applied?.book ?? editable(published)));
  const currency = str(tree.currency) || published.currency;
  const editor: Editor = {
    tree,
    set: (path, value) => setTree((t) => setAt(t, path, value)),
    replace: setTree,
    errors: failure?.fields ?? {},
    currency,
  };
  const processes = PROCESSES.filter((p) => valueAt(tree, ["processes", p]) !== "");
  return (
    <section aria-labelledby="book-form-title" className="book-form">
      <PageTitle>Edit the price book</PageTitle>
      <h2 id="book-form-title">Edit the price book</h2>
      <p className="section-intro">
        Editing version {published.price_book_version}. Money is in {currency} (12.50, not cents); shares such as margins and discounts in per cent. Nothing
        changes until you publish: publishing makes a new version, and quotes keep the version they were priced with.{" "}
        <Link to="/admin/catalog">Back to the catalogue</Link>
      </p>
      <EditorContext.Provider value={editor}>
        <Form method="post" className="form" noValidate aria-labelledby="book-form-title">
          {template && !failure && <TemplateNotice template={template} />}
          <div aria-live="assertive" className="alert-slot">
            {failure && (
              <div className="alert alert-error">
                <p>{failure.message}</p>
                {Object.keys(failure.fields).length > 0 && (
                  <ul className="issue-list" aria-label="Problems in the price book">
                    {Object.entries(failure.fields).map(([field, message]) => (
                      <li key={field}>
                        <a href={`#field-${field}`}>{field || "the whole book"}</a>: {message}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </div>
          <GeneralSection />
          <ListSection
            title="Quantity breaks"
            path={["quantity_breaks"]}
            item="quantity break"
            blank={{ min_qty: "", discount: "" }}
            hint="Discount from a quantity per order line, in increasing quantities."
          >
            {(p) => (
              <div className="book-row-fields">
                <Num path={[...p, "min_qty"]} label="From quantity" />
                <Num path={[...p, "discount"]} label="Discount (%)" />
              </div>
            )}
          </ListSection>
          <ListSection title="Lead times" path={["lead_times"]} item="lead time" blank={{ code: "", label: "", factor: "1", days: "" }}>
            {(p) => (
              <div className="book-row-fields">
                <Text path={[...p, "label"]} label="Label" />
                <Text path={[...p, "code"]} label="Code" />
                <Num path={[...p, "factor"]} label="Price factor" hint="1 = the normal price; 1.5 = half as much again." />
                <Num path={[...p, "days"]} label="Working days" />
              </div>
            )}
          </ListSection>
          {processes.map((p) => (
            <ProcessSection key={p} process={p} />
          ))}
          <MaterialsSection processes={processes} />
          <FinishesSection processes={processes} />
          <Preview published={published} />
          <fieldset className="card book-section">
            <legend>
              <h3>Publish</h3>
            </legend>
            <TextField
              label="Note"
              name="note"
              optional
              maxLength={500}
              defaultValue={failure?.note}
              placeholder="e.g. Aluminium surcharge from March"
              hint="Shown in the version history."
            />
            <SubmitButton name="intent" value="publish" pendingLabel="Publishing…">
              Publish new version
            </SubmitButton>
          </fieldset>
        </Form>
        <JsonTransfer />
      </EditorContext.Provider>
    </section>
  );
}

/** What POST /price-books/templates/{process} answers: the draft with the template, and what it added and kept. */
type Entries = Schemas["AppliedTemplate"]["added"]["machines"];
type AppliedTemplate = Schemas["AppliedTemplate"];

const names = (entries: Entries) => entries.map((e) => e.name).join(", ");

/** What the template put into this draft, and what of the shop's it left as it was, before anything is published. */
function TemplateNotice({ template }: { template: AppliedTemplate | { refused: string } }) {
  if ("refused" in template)
    return (
      <p className="alert alert-error" data-testid="template-refused">
        The template was not added: {template.refused}
      </p>
    );
  const { process, added, extended, kept } = template;
  const rows: [string, string, string][] = [
    ["Machines", names(added.machines), names(kept.machines)],
    ["Materials", names(added.materials), names(kept.materials)],
    ["Finishes", names(added.finishes), names(kept.finishes)],
  ];
  const nothing = [...added.machines, ...added.materials, ...added.finishes, ...extended.finishes].length === 0;
  return (
    <div className="alert alert-success" data-testid="template-notice">
      <p>
        <strong>
          {process.added ? `${PROCESS_LABELS[process.code]} is added to this draft` : `The ${PROCESS_LABELS[process.code]} template is applied to this draft`}.
        </strong>{" "}
        {nothing ? "Your book already has everything in it; nothing was added." : "Check the new entries below, then publish."} Nothing is published yet, and
        entries you already have are kept exactly as they are.
      </p>
      <table className="table" aria-label="What the template adds and keeps">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Added</th>
            <th scope="col">Kept as you have them</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([what, add, keep]) => (
            <tr key={what} data-testid={`template-${what.toLowerCase()}`}>
              <th scope="row">{what}</th>
              <td>{add || "—"}</td>
              <td>{keep || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {extended.finishes.length > 0 && (
        <p data-testid="template-extended">
          Your finishes offered for the new materials too, at your prices: {extended.finishes.map((f) => `${f.name} (${f.materials.join(", ")})`).join("; ")}.
        </p>
      )}
    </div>
  );
}

function Num({ path, label, hint, optional }: { path: Path; label: string; hint?: ReactNode; optional?: boolean }) {
  const { tree, set, errors } = useEditor();
  const name = nameOf(path);
  return (
    <TextField
      label={label}
      name={name}
      inputMode="decimal"
      autoComplete="off"
      optional={optional}
      hint={hint}
      value={str(valueAt(tree, path))}
      onChange={(e) => set(path, e.target.value)}
      error={errors[name]}
    />
  );
}

function Text({ path, label, hint, optional }: { path: Path; label: string; hint?: ReactNode; optional?: boolean }) {
  const { tree, set, errors } = useEditor();
  const name = nameOf(path);
  return (
    <TextField
      label={label}
      name={name}
      autoComplete="off"
      optional={optional}
      hint={hint}
      value={str(valueAt(tree, path))}
      onChange={(e) => set(path, e.target.value)}
      error={errors[name]}
    />
  );
}

function Money({ path, label, optional, hint }: { path: Path; label: string; optional?: boolean; hint?: ReactNode }) {
  const { currency } = useEditor();
  return <Num path={path} label={`${label} (${currency})`} optional={optional} hint={hint} />;
}

function Select({ path, label, options, onPick }: { path: Path; label: string; options: [string, string][]; onPick?: (value: string) => void }) {
  const { tree, set, errors } = useEditor();
  const name = nameOf(path);
  const error = errors[name];
  const value = str(valueAt(tree, path));
  // A code no longer on offer (its lead time or material removed) stays chosen, for the validation to name.
  const shown: [string, string][] = options.some(([v]) => v === value) ? options : [[value, value || "—"], ...options];
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={`field-${name}`}>{label}</label>
      <select
        id={`field-${name}`}
        name={name}
        value={value}
        onChange={(e) => (onPick ? onPick(e.target.value) : set(path, e.target.value))}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `field-${name}-error` : undefined}
      >
        {shown.map(([code, text]) => (
          <option key={code} value={code}>
            {text}
          </option>
        ))}
      </select>
      {error && (
        <p id={`field-${name}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Ticked codes (a finish's processes and materials…); a message at the list or at one of its entries is shown here. */
function Checks({ path, label, options, hint }: { path: Path; label: string; options: [string, string][]; hint?: string }) {
  const { tree, set, errors } = useEditor();
  const name = nameOf(path);
  const ticked = list(valueAt(tree, path)).map(str);
  const error = errors[name] ?? Object.entries(errors).find(([f]) => f.startsWith(`${name}.`))?.[1];
  return (
    <fieldset className={error ? "field field-invalid" : "field"} id={`field-${name}`}>
      <legend>{label}</legend>
      <div className="book-checks">
        {options.map(([code, text]) => (
          <label key={code} className="checkbox-inline">
            <input
              type="checkbox"
              name={name}
              value={code}
              checked={ticked.includes(code)}
              onChange={(e) =>
                set(path, e.target.checked ? options.map(([c]) => c).filter((c) => c === code || ticked.includes(c)) : ticked.filter((c) => c !== code))
              }
            />{" "}
            {text}
          </label>
        ))}
      </div>
      {hint && <p className="field-hint">{hint}</p>}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}

/** Rows of a list with Add and Remove; a message for the list itself (none left) is shown under its title. */
function ListSection({
  title,
  path,
  item,
  blank,
  hint,
  rowTitle,
  children,
  nested,
}: {
  title: string;
  path: Path;
  item: string;
  blank: FormNode | (() => FormNode);
  hint?: string;
  rowTitle?: (row: FormNode, i: number) => string;
  children: (rowPath: Path, row: FormNode) => ReactNode;
  nested?: boolean;
}) {
  const { tree, set, errors } = useEditor();
  const rows = list(valueAt(tree, path));
  const error = errors[nameOf(path)];
  const Heading = nested ? "h5" : "h3";
  return (
    <fieldset className={nested ? "book-list" : "card book-section"} id={`field-${nameOf(path)}`} aria-label={title}>
      <legend>
        <Heading>{title}</Heading>
      </legend>
      {hint && <p className="field-hint">{hint}</p>}
      {error && <p className="field-error">{error}</p>}
      {rows.map((row, i) => {
        const heading = rowTitle?.(row, i) ?? `${item.charAt(0).toUpperCase()}${item.slice(1)} ${i + 1}`;
        return (
          <fieldset key={i} className="book-row" aria-label={heading}>
            <div className="book-row-head">
              <strong>{heading}</strong>
              <button type="button" className="button button-ghost" onClick={() => set([...path, i], undefined)}>
                Remove<span className="visually-hidden"> {heading}</span>
              </button>
            </div>
            {children([...path, i], row)}
          </fieldset>
        );
      })}
      <button type="button" className="button button-secondary" onClick={() => set([...path, rows.length], typeof blank === "function" ? blank() : blank)}>
        Add {item}
      </button>
    </fieldset>
  );
}

function GeneralSection() {
  const { tree } = useEditor();
  const leadTimes = list(tree.lead_times).map((l) => [str(valueAt(l, ["code"])), str(valueAt(l, ["label"])) || str(valueAt(l, ["code"]))] as [string, string]);
  return (
    <>
      <fieldset className="card book-section" aria-label="Prices and tax">
        <legend>
          <h3>Prices and tax</h3>
        </legend>
        <div className="book-row-fields">
          <Text path={["currency"]} label="Currency" hint="ISO code, such as EUR." />
          <Num path={["margin", "target"]} label="Target margin (%)" hint="Added to every cost rate in the customer's prices." />
          <Num path={["margin", "floor"]} label="Margin floor (%)" hint="A manual price below it needs the override permission." />
          <Money path={["minimum_order_value"]} label="Minimum order value" />
          <Num path={["max_quantity"]} label="Largest quantity per item" />
          <Select path={["default_lead_time"]} label="Default lead time" options={leadTimes} />
          <Text path={["tax", "label"]} label="Tax label" />
          <Num path={["tax", "rate"]} label="Tax rate (%)" />
          <Select
            path={["tax", "inclusive"]}
            label="Prices include tax"
            options={[
              ["false", "No, tax is added"],
              ["true", "Yes, tax is included"],
            ]}
          />
        </div>
      </fieldset>
      <fieldset className="card book-section" aria-label="Review rules">
        <legend>
          <h3>Review rules</h3>
        </legend>
        <p className="field-hint">Quotes that meet a rule wait for the shop's review instead of being ordered at once. Leave a field empty to switch it off.</p>
        <div className="book-row-fields">
          <Money path={["review_rules", "max_order_value"]} label="Review orders above" optional />
          <Num path={["review_rules", "max_item_quantity"]} label="Review quantities above" optional />
          <Select
            path={["review_rules", "dfm_severity"]}
            label="Review manufacturability findings"
            options={[
              ["", "Never"],
              ["warning", "Warnings and errors"],
              ["error", "Errors only"],
            ]}
          />
        </div>
      </fieldset>
    </>
  );
}

const materialsOf = (tree: FormTree, process: ProcessCode): [string, string][] =>
  list(tree.materials)
    .filter((m) => list(valueAt(m, ["processes"])).includes(process))
    .map((m) => [str(valueAt(m, ["code"])), str(valueAt(m, ["name"])) || str(valueAt(m, ["code"]))]);

/** A new machine starts as a copy of the process's last one (same kind of numbers), without its name or calibration. */
function blankMachine(tree: FormTree, process: ProcessCode): FormNode {
  const last = list(valueAt(tree, ["processes", process, "machines"])).at(-1);
  const { time_calibration: _t, ...copy } = (last && typeof last === "object" && !Array.isArray(last) ? last : {}) as FormTree;
  return { ...copy, code: "", name: "" };
}

function ProcessSection({ process }: { process: ProcessCode }) {
  const { tree } = useEditor();
  const base: Path = ["processes", process];
  const materials = materialsOf(tree, process);
  return (
    <fieldset className="card book-section" aria-label={PROCESS_LABELS[process]}>
      <legend>
        <h3>{PROCESS_LABELS[process]}</h3>
      </legend>
      <div className="book-row-fields">
        <Money path={[...base, "setup_fee"]} label="Setup fee per order line" />
        <Money path={[...base, "minimum_charge"]} label="Minimum charge per order line" />
        {process === "fff" && (
          <>
            <Num path={[...base, "infill", "default"]} label="Default infill (%)" />
            <Num path={[...base, "infill", "min"]} label="Least infill (%)" />
            <Num path={[...base, "infill", "max"]} label="Most infill (%)" />
          </>
        )}
        {process === "cnc" && <Num path={[...base, "stock_allowance_mm"]} label="Stock allowance per side (mm)" />}
        {process === "laser" && (
          <>
            <Num path={[...base, "nesting_efficiency"]} label="Nesting efficiency (%)" />
            <Num path={[...base, "part_spacing_mm"]} label="Part spacing (mm)" />
          </>
        )}
      </div>
      <ListSection
        nested
        title={`${PROCESS_LABELS[process]}: machines`}
        path={[...base, "machines"]}
        item="machine"
        blank={() => blankMachine(tree, process)}
        rowTitle={(m, i) => str(valueAt(m, ["name"])) || `Machine ${i + 1}`}
      >
        {(p, m) => (
          <>
            <div className="book-row-fields">
              <Text path={[...p, "name"]} label="Name" />
              <Text path={[...p, "code"]} label="Code" />
              <Money path={[...p, "hourly_rate"]} label="Hourly rate" />
            </div>
            {(process === "fff" || process === "sla") && <PrinterFields path={p} process={process} materials={materials} machine={m} />}
            {process === "cnc" && <MillFields path={p} materials={materials} />}
            {process === "laser" && <LaserFields path={p} materials={materials} />}
          </>
        )}
      </ListSection>
    </fieldset>
  );
}

function Size({ path, label, axes }: { path: Path; label: string; axes: string[] }) {
  return (
    <fieldset className="book-size" aria-label={label}>
      {axes.map((a, i) => (
        <Num key={a} path={[...path, i]} label={`${label}: ${a} (mm)`} />
      ))}
    </fieldset>
  );
}

function PrinterFields({ path, process, materials, machine }: { path: Path; process: "fff" | "sla"; materials: [string, string][]; machine: FormNode }) {
  const calibration = str(valueAt(machine, ["time_calibration"]));
  return (
    <>
      <Size path={[...path, "build_volume_mm"]} label="Build volume" axes={["X", "Y", "Z"]} />
      <div className="book-row-fields">
        <Num path={[...path, "layer_height_mm"]} label="Layer height (mm)" />
        {process === "fff" ? (
          <>
            <Num path={[...path, "walls"]} label="Walls" />
            <Num path={[...path, "line_width_mm"]} label="Line width (mm)" />
            <Num path={[...path, "volumetric_flow_mm3_s"]} label="Volumetric flow (mm³/s)" />
            <Num path={[...path, "layer_overhead_s"]} label="Time per layer (s)" />
            <Num path={[...path, "min_layer_time_s"]} label="Minimum layer time (s)" />
          </>
        ) : (
          <>
            <Num path={[...path, "layer_time_s"]} label="Time per layer (s)" />
            <Num path={[...path, "platform_area_mm2"]} label="Platform area (mm²)" />
            <Num path={[...path, "packing_efficiency"]} label="Packing efficiency (%)" />
          </>
        )}
        <Num path={[...path, "support_density"]} label="Support density (%)" />
        <Num path={[...path, "support_height_factor"]} label="Support height (% of the part's)" />
      </div>
      <Checks path={[...path, "materials"]} label="Materials it runs" options={materials} hint="None ticked: every material of the process." />
      {calibration && (
        <>
          <input type="hidden" name={nameOf([...path, "time_calibration"])} value={calibration} />
          <p className="field-hint">Print times calibrated from the shop's slicer (kept as they are).</p>
        </>
      )}
    </>
  );
}

function MillFields({ path, materials }: { path: Path; materials: [string, string][] }) {
  return (
    <>
      <Size path={[...path, "travel_mm"]} label="Travel" axes={["X", "Y", "Z"]} />
      <Size path={[...path, "max_stock_mm"]} label="Largest stock" axes={["X", "Y", "Z"]} />
      <div className="book-row-fields">
        <Num path={[...path, "finishing_rate_mm2_min"]} label="Finishing rate (mm²/min)" />
        <Num path={[...path, "setup_time_min"]} label="Setup time per batch (min)" />
        <Num path={[...path, "part_load_min"]} label="Loading per part (min)" />
      </div>
      <ListSection
        nested
        title="Removal rates"
        path={[...path, "removal_rates"]}
        item="removal rate"
        blank={{ material: materials[0]?.[0] ?? "", mm3_per_min: "" }}
      >
        {(p) => (
          <div className="book-row-fields">
            <Select path={[...p, "material"]} label="Material" options={materials} />
            <Num path={[...p, "mm3_per_min"]} label="Removal rate (mm³/min)" />
          </div>
        )}
      </ListSection>
    </>
  );
}

function LaserFields({ path, materials }: { path: Path; materials: [string, string][] }) {
  return (
    <>
      <div className="book-row-fields">
        <Num path={[...path, "kerf_mm"]} label="Kerf (mm)" />
      </div>
      <ListSection nested title="Sheet sizes" path={[...path, "sheet_sizes_mm"]} item="sheet size" blank={["", ""]}>
        {(p) => <Size path={p} label="Sheet" axes={["width", "length"]} />}
      </ListSection>
      <ListSection
        nested
        title="Cutting speeds"
        path={[...path, "cut_rates"]}
        item="cutting speed"
        blank={{ material: materials[0]?.[0] ?? "", thickness_mm: "", speed_mm_min: "", pierce_s: "" }}
      >
        {(p) => (
          <div className="book-row-fields">
            <Select path={[...p, "material"]} label="Material" options={materials} />
            <Num path={[...p, "thickness_mm"]} label="Thickness (mm)" />
            <Num path={[...p, "speed_mm_min"]} label="Speed (mm/min)" />
            <Num path={[...p, "pierce_s"]} label="Pierce time (s)" />
          </div>
        )}
      </ListSection>
    </>
  );
}

const UNIT_LABEL = { kg: "per kg", litre: "per litre", sheet: "per sheet" } as const;

function MaterialsSection({ processes }: { processes: ProcessCode[] }) {
  const { set } = useEditor();
  const processOptions = processes.map((p) => [p, PROCESS_LABELS[p]] as [string, string]);
  return (
    <ListSection
      title="Materials"
      path={["materials"]}
      item="material"
      blank={{ code: "", name: "", processes: [], density_g_cm3: "", price: { unit: "kg", amount: "" }, colours: "" }}
      rowTitle={(m, i) => str(valueAt(m, ["name"])) || `Material ${i + 1}`}
    >
      {(p, m) => {
        const unit = str(valueAt(m, ["price", "unit"]));
        const units = [...new Set(processes.map((x) => MATERIAL_UNIT[x]))].map((u) => [u, UNIT_LABEL[u]] as [string, string]);
        return (
          <>
            <div className="book-row-fields">
              <Text path={[...p, "name"]} label="Name" />
              <Text path={[...p, "code"]} label="Code" />
              <Num path={[...p, "density_g_cm3"]} label="Density (g/cm³)" />
              <Num path={[...p, "min_wall_mm"]} label="Thinnest wall (mm)" optional />
              <Text path={[...p, "colours"]} label="Colours" hint="Separated by commas; empty when there is no choice." />
            </div>
            <Checks path={[...p, "processes"]} label="Processes" options={processOptions} />
            <div className="book-row-fields">
              <Select
                path={[...p, "price", "unit"]}
                label="Priced"
                options={units}
                onPick={(u) =>
                  set(
                    [...p, "price"],
                    u === "sheet" ? { unit: u, sheet_mm: ["", ""], thicknesses: [{ thickness_mm: "", amount: "" }] } : { unit: u, amount: "" },
                  )
                }
              />
              {unit !== "sheet" && <Money path={[...p, "price", "amount"]} label={`Price ${UNIT_LABEL[unit as "kg"] ?? ""}`} />}
            </div>
            {unit === "sheet" && (
              <>
                <Size path={[...p, "price", "sheet_mm"]} label="Sheet bought" axes={["width", "length"]} />
                <ListSection nested title="Thicknesses" path={[...p, "price", "thicknesses"]} item="thickness" blank={{ thickness_mm: "", amount: "" }}>
                  {(t) => (
                    <div className="book-row-fields">
                      <Num path={[...t, "thickness_mm"]} label="Thickness (mm)" />
                      <Money path={[...t, "amount"]} label="Price per sheet" />
                    </div>
                  )}
                </ListSection>
              </>
            )}
          </>
        );
      }}
    </ListSection>
  );
}

function FinishesSection({ processes }: { processes: ProcessCode[] }) {
  const { tree, set } = useEditor();
  const processOptions = processes.map((p) => [p, PROCESS_LABELS[p]] as [string, string]);
  const materialOptions = list(tree.materials).map(
    (m) => [str(valueAt(m, ["code"])), str(valueAt(m, ["name"])) || str(valueAt(m, ["code"]))] as [string, string],
  );
  return (
    <ListSection
      title="Finishes"
      path={["finishes"]}
      item="finish"
      blank={{ code: "", name: "", processes: [], materials: [], pricing: { basis: "per_part", amount: "" }, extra_days: "0" }}
      rowTitle={(f, i) => str(valueAt(f, ["name"])) || `Finish ${i + 1}`}
    >
      {(p, f) => {
        const basis = str(valueAt(f, ["pricing", "basis"]));
        return (
          <>
            <div className="book-row-fields">
              <Text path={[...p, "name"]} label="Name" />
              <Text path={[...p, "code"]} label="Code" />
              <Num path={[...p, "extra_days"]} label="Extra working days" />
              <Select
                path={[...p, "pricing", "basis"]}
                label="Charged"
                options={[
                  ["per_part", "Per part"],
                  ["per_area", "Per m² of surface"],
                ]}
                onPick={(b) => set([...p, "pricing"], b === "per_area" ? { basis: b, per_m2: "" } : { basis: b, amount: "" })}
              />
              {basis === "per_area" ? (
                <Money path={[...p, "pricing", "per_m2"]} label="Price per m²" />
              ) : (
                <Money path={[...p, "pricing", "amount"]} label="Price per part" />
              )}
            </div>
            <Checks path={[...p, "processes"]} label="Processes" options={processOptions} />
            <Checks path={[...p, "materials"]} label="Materials" options={materialOptions} />
          </>
        );
      }}
    </ListSection>
  );
}

/**
 * The sample parts priced with the draft and the published book, computed in
 * the browser as the owner types (pure engine pricing of the customer books).
 */
function Preview({ published }: { published: Published }) {
  const { tree } = useEditor();
  const { money } = useFormat();
  const base = useMemo(() => priceBookSchema.parse({ ...editable(published), version: published.price_book_version }), [published]);
  const preview = useMemo(() => {
    const { book, issues } = fromForm(tree);
    const parsed = issues.length ? null : priceBookSchema.safeParse({ ...book, version: "draft" });
    if (!parsed?.success) return null;
    return previewPrices(parsed.data, base);
  }, [tree, base]);
  const changed = preview?.filter((r) => r.draft !== r.published).length ?? 0;
  return (
    <section className="card book-section book-preview" aria-labelledby="preview-title">
      <h3 id="preview-title">Preview: 10 of each sample part</h3>
      {preview === null ? (
        <p className="field-hint" role="status">
          The draft has values that are not valid yet; the preview returns once they are corrected.
        </p>
      ) : (
        <>
          <p className="field-hint" role="status">
            {changed === 0 ? "The draft prices every sample as the published version does." : `${changed} of ${preview.length} prices change with the draft.`}{" "}
            Customer prices before tax, margin included.
          </p>
          <table className="data-table" aria-labelledby="preview-title">
            <thead>
              <tr>
                <th scope="col">Material</th>
                <th scope="col">Sample part</th>
                <th scope="col">Published (version {published.price_book_version})</th>
                <th scope="col">Draft</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {preview.map((r) => {
                const differs = r.draft !== r.published;
                const cur = str(tree.currency) || published.currency;
                const shown = (v: number | null, why: string | null) => (v === null ? <span className="muted">{why ?? "—"}</span> : money(v, cur));
                return (
                  <tr key={`${r.process}/${r.material.code}/${r.part.code}`} className={differs ? "preview-changed" : undefined}>
                    <th scope="row" data-label="Material">
                      {r.material.name} <span className="muted">({PROCESS_LABELS[r.process]})</span>
                    </th>
                    <td data-label="Sample part">
                      {r.part.name}
                      {r.thickness_mm !== null && `, ${r.thickness_mm} mm`}
                    </td>
                    <td data-label="Published">{shown(r.published, r.why.published)}</td>
                    <td data-label="Draft">{shown(r.draft, r.why.draft)}</td>
                    <td data-label="Change">
                      {differs && r.draft !== null && r.published !== null ? (
                        <span className={`badge badge-tone-${r.draft > r.published ? "warn" : "ok"}`}>
                          {r.draft > r.published ? "+" : "−"}
                          {money(Math.abs(r.draft - r.published), cur)}
                        </span>
                      ) : differs ? (
                        <span className="badge badge-tone-warn">changed</span>
                      ) : (
                        <span className="muted">same</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/**
 * For power users: the draft as JSON (money in minor units, as the API takes
 * it) to download, and JSON to load into the form once it is a valid book.
 */
function JsonTransfer() {
  const { tree, replace } = useEditor();
  const [json, setJson] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [loaded, setLoaded] = useState(false);
  const exportJson = () => {
    const { book } = fromForm(tree);
    const blob = new Blob([JSON.stringify(book, null, 2)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "price-book.json";
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const importJson = () => {
    setLoaded(false);
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      setProblems([`Not valid JSON: ${(e as Error).message}.`]);
      return;
    }
    const r = priceBookSchema.safeParse({ ...(parsed as object), version: "draft" });
    if (!r.success) {
      setProblems(r.error.issues.map((i) => `${i.path.join(".") || "the whole book"}: ${fieldMessage(i.path.join("."), i.message, str(tree.currency))}`));
      return;
    }
    setProblems([]);
    const { version: _v, ...book } = r.data;
    replace(toForm(book));
    setLoaded(true);
  };
  return (
    <section className="card book-section" aria-labelledby="json-title">
      <h3 id="json-title">Import/export JSON</h3>
      <p className="field-hint">
        The book as the API takes it: money in minor units (cents), shares as fractions. Loading JSON replaces the form; nothing is published until you publish.
      </p>
      <button type="button" className="button button-secondary" onClick={exportJson}>
        Download the draft as JSON
      </button>
      <div className={problems.length ? "field field-invalid" : "field"}>
        <label htmlFor="book-json">Price book JSON to load</label>
        <textarea id="book-json" className="mono code-editor" rows={8} spellCheck={false} value={json} onChange={(e) => setJson(e.target.value)} />
        {problems.length > 0 && (
          <ul className="issue-list field-error" aria-label="Problems in the JSON">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="button button-secondary" onClick={importJson}>
        Load into the form
      </button>
      <FormAlert tone="success" message={loaded ? "Loaded into the form. Check the preview, then publish." : undefined} />
    </section>
  );
}
