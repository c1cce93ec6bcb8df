import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/catalog";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { errorPage, callApi, sendApi, type ApiFailure } from "../../api/client.ts";
import { minorDigits } from "../../format/money.ts";
import { type Format, formatter, useFormat } from "../../format/use-format.ts";
import { text } from "../../lib/forms.ts";
import { requireTenantSite } from "../../lib/session.server.ts";
import { PROCESS_LABELS } from "../../quoting/catalog.ts";
import type { FffMachine, Material, PriceBook, ProcessCode } from "../../../engine/pricing/price-book.ts";

/** The shop's own book (costs, margin, review rules), from the staff-only price-book routes. */
type Book = PriceBook & { price_book_version: string; valid_from: string | null };

interface Version {
  version: number;
  valid_from: string | null;
  valid_to: string | null;
  note: string | null;
}

/** What POST /price-books/calibrations answers: the fitted model and how well it matches the slicer. */
interface Calibration {
  machine: string;
  price_book_version: string;
  time_calibration: NonNullable<FffMachine["time_calibration"]>;
  min_layer_time_s: number;
  before: ErrorSummary;
  after: ErrorSummary;
  held_out: ErrorSummary | null;
  samples: {
    part: string;
    gcode: string;
    slicer: string;
    slicer_time_s: number;
    before_s: number;
    before_error: number;
    after_s: number;
    after_error: number;
    held_out_error: number | null;
  }[];
  warnings: { field: string; message: string }[];
}
interface ErrorSummary {
  mean_relative_error: number;
  max_relative_error: number;
}

/** A refused publication: the API's message, its field errors (paths inside the book) and what was typed. */
interface PublishFailure {
  intent: "publish" | "quick";
  message: string;
  issues: { path: string; where: string; message: string }[];
  values: Record<string, string>;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const args = { request, context };
  const params = new URL(request.url).searchParams;
  const viewing = params.get("version");
  const [book, versions] = await Promise.all([
    callApi<Book>(args, viewing ? `/price-books/${encodeURIComponent(viewing)}` : "/price-books/current"),
    callApi<Version[]>(args, "/price-books"),
  ]);
  if (!book.ok) throw errorPage(book);
  if (!versions.ok) throw errorPage(versions);
  const current = versions.data.find((v) => v.valid_to === null) ?? null;
  const shown = versions.data.find((v) => String(v.version) === book.data.price_book_version) ?? null;
  return { book: book.data, shown, current, versions: versions.data, published: params.get("published") };
}

/** The book as the editor shows it: without the fields the server sets on publication. */
function editable(book: Book): Omit<PriceBook, "version"> {
  const { version: _v, price_book_version: _p, valid_from: _f, ...rest } = book;
  return rest;
}

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  // Only the calibration form sends files; its body is not parsed here (see calibrate).
  if (/^multipart\/form-data/i.test(request.headers.get("content-type") ?? "")) return calibrate(args);
  const form = await request.formData();
  const intent = text(form, "intent");
  if (intent === "publish") {
    const values = { book: String(form.get("book") ?? ""), note: text(form, "note") };
    let book: unknown;
    try {
      book = JSON.parse(values.book);
    } catch (e) {
      return data(
        { failure: { intent, message: `The price book is not valid JSON: ${(e as Error).message}.`, issues: [], values } satisfies PublishFailure },
        { status: 400 },
      );
    }
    if (typeof book !== "object" || book === null || Array.isArray(book)) {
      return data(
        { failure: { intent, message: "The price book must be a JSON object ({ … }).", issues: [], values } satisfies PublishFailure },
        { status: 400 },
      );
    }
    return publish(args, book as Record<string, unknown>, values.note, { intent, values });
  }
  if (intent === "quick") {
    const values = { margin_target: text(form, "margin_target"), minimum_order_value: text(form, "minimum_order_value"), quick_note: text(form, "quick_note") };
    const current = await callApi<Book>(args, "/price-books/current");
    if (!current.ok) throw errorPage(current);
    const book = editable(current.data);
    const digits = minorDigits(book.currency);
    const margin = Number(values.margin_target);
    const minimum = Number(values.minimum_order_value);
    const invalid: PublishFailure["issues"] = [];
    if (values.margin_target === "" || !Number.isFinite(margin))
      invalid.push({ path: "margin_target", where: "", message: "Enter the target margin in per cent." });
    if (values.minimum_order_value === "" || !Number.isFinite(minimum)) invalid.push({ path: "minimum_order_value", where: "", message: "Enter an amount." });
    if (invalid.length)
      return data(
        { failure: { intent, message: "Please correct the highlighted fields.", issues: invalid, values } satisfies PublishFailure },
        { status: 400 },
      );
    const changed = {
      ...book,
      margin: { ...book.margin, target: Math.round(margin * 100) / 10_000 },
      minimum_order_value: Math.round(minimum * 10 ** digits),
    };
    const f = formatter(requireTenantSite(context).tenant.locale);
    const note = values.quick_note || `Target margin ${f.percent(changed.margin.target)}, minimum order ${f.money(changed.minimum_order_value, book.currency)}`;
    return publish(args, changed, note, { intent, values });
  }
  throw data("Unknown action", { status: 400 });
}

/**
 * The calibration form's body goes to the API as it came (machine, part and
 * gcode files): G-code of long prints runs to tens of MB, so it is streamed
 * through rather than parsed here.
 */
async function calibrate(args: { request: Request; context: Route.ActionArgs["context"] }) {
  const { request } = args;
  const result = await callApi<Calibration>(args, "/price-books/calibrations", {
    method: "POST",
    body: request.body,
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  });
  if (result.ok) return data({ calibration: result.data });
  return data(
    { calibrationFailure: { message: sentence(result.error.message), issues: result.error.fieldErrors.map((d) => sentence(`${d.message}`)) } },
    { status: result.status },
  );
}

async function publish(
  args: Parameters<typeof callApi>[0],
  book: Record<string, unknown>,
  note: string,
  { intent, values }: Pick<PublishFailure, "intent" | "values">,
) {
  const result = await sendApi<Book>(args, "/price-books", { book, ...(note ? { note } : {}) });
  if (result.ok) return redirect(`/admin/catalog?published=${encodeURIComponent(result.data.price_book_version)}`);
  return data(
    { failure: { intent, message: summary(result.error), issues: issuesOf(result.error, book), values } satisfies PublishFailure },
    { status: result.status },
  );
}

function summary(error: ApiFailure) {
  if (error.fieldErrors.length === 0) return error.message.endsWith(".") ? error.message : `${error.message}.`;
  const n = error.fieldErrors.length;
  return `Not published: ${n === 1 ? "1 value needs" : `${n} values need`} correcting. Nothing has changed.`;
}

/** "book.materials.0.density_g_cm3" → the path inside the editor's JSON, and which material that is. */
function issuesOf(error: ApiFailure, book: Record<string, unknown>): PublishFailure["issues"] {
  return error.fieldErrors.map((d) => {
    const path = d.field.replace(/^book\.?/, "");
    return { path: path || "(the whole book)", where: whereIn(book, path), message: sentence(d.message) };
  });
}

/** Names the listed item a path runs through ("material “PLA”"), so the error is easy to find in the JSON. */
function whereIn(book: Record<string, unknown>, path: string): string {
  let node: unknown = book;
  const named: string[] = [];
  const segments = path.split(".").filter(Boolean);
  for (const [i, segment] of segments.entries()) {
    if (node === null || typeof node !== "object") break;
    node = (node as Record<string, unknown>)[segment];
    if (/^\d+$/.test(segment) && node && typeof node === "object") {
      const item = node as { name?: unknown; code?: unknown; label?: unknown };
      const label = [item.name, item.label, item.code].find((x) => typeof x === "string");
      if (label) named.push(`${singular(segments[i - 1] ?? "")} “${label}”`);
    }
  }
  return named.join(", ");
}

const singular = (list: string) =>
  list
    .replace(/_/g, " ")
    .replace(/ies$/, "y")
    .replace(/(ch|sh|x|s)es$/, "$1")
    .replace(/s$/, "");
const sentence = (m: string) => `${m.charAt(0).toUpperCase()}${m.slice(1)}${m.endsWith(".") ? "" : "."}`;

export default function CatalogAdmin({ loaderData, actionData }: Route.ComponentProps) {
  const { moment } = useFormat();
  const { book, shown, current, versions, published } = loaderData;
  const failure = actionData && "failure" in actionData ? actionData.failure : undefined;
  const calibration = actionData && "calibration" in actionData ? actionData.calibration : undefined;
  const calibrationFailure = actionData && "calibrationFailure" in actionData ? actionData.calibrationFailure : undefined;
  const isCurrent = shown !== null && shown.version === current?.version;
  return (
    <section aria-labelledby="catalog-title">
      <PageTitle>Catalogue and price book</PageTitle>
      <h2 id="catalog-title">Catalogue and price book</h2>
      <p className="section-intro">
        Everything the instant quote prices with. Price books are versioned and never edited: publishing makes a new version that applies to new prices from
        that moment. <strong>A quote keeps the version it was priced with</strong> until it is revised, so its price can be reproduced exactly later.
      </p>
      <FormAlert tone="success" message={published ? `Published version ${published}. New prices use it from now on.` : undefined} />
      <p>
        <Link to="/admin/catalog/edit" className="button button-primary">
          Edit the price book as a form
        </Link>{" "}
        <span className="muted">Every rate in {book.currency}, with a preview of the changed prices before publishing.</span>
      </p>

      <div className="card book-status">
        <div>
          <p className="book-status-label">{isCurrent ? "Published version" : "Viewing version"}</p>
          <p className="book-status-version">
            Version {book.price_book_version}{" "}
            {isCurrent ? <span className="badge badge-tone-ok">current</span> : <span className="badge badge-tone-neutral">superseded</span>}
          </p>
        </div>
        <dl className="facts">
          <div>
            <dt>In force from</dt>
            <dd>{moment(shown?.valid_from ?? book.valid_from)}</dd>
          </div>
          <div>
            <dt>Until</dt>
            <dd>{shown?.valid_to ? moment(shown.valid_to) : "Replaced by the next version"}</dd>
          </div>
          {shown?.note && (
            <div>
              <dt>Note</dt>
              <dd>{shown.note}</dd>
            </div>
          )}
        </dl>
        {!isCurrent && (
          <p className="book-status-back">
            <Link to="/admin/catalog">Back to the current version</Link>
          </p>
        )}
      </div>

      <BookSummary book={book} />
      <VersionHistory versions={versions} shown={shown?.version ?? null} />
      {book.processes.fff && isCurrent && <CalibrationPanel book={book} result={calibration} failure={calibrationFailure} />}
      <PublishForm
        key={`publish-${current?.version}-${calibration?.time_calibration.fit_report?.fitted_at ?? ""}`}
        book={calibration ? withCalibration(book, calibration) : book}
        isCurrent={isCurrent}
        calibrated={calibration ? machineName(book, calibration.machine) : undefined}
        failure={failure?.intent === "publish" ? failure : undefined}
      />
      <QuickEditForm key={`quick-${current?.version}`} book={book} failure={failure?.intent === "quick" ? failure : undefined} />
    </section>
  );
}

function BookSummary({ book }: { book: Book }) {
  const f = useFormat();
  const { money, number, percent, plural } = f;
  const cur = book.currency;
  const leadTime = book.lead_times.find((l) => l.code === book.default_lead_time);
  const processes = (Object.keys(PROCESS_LABELS) as ProcessCode[]).filter((p) => book.processes[p]);
  return (
    <section aria-labelledby="book-summary-title" className="book-summary">
      <h3 id="book-summary-title">What version {book.price_book_version} contains</h3>

      <dl className="facts facts-grid card">
        <div>
          <dt>Currency</dt>
          <dd>{cur}</dd>
        </div>
        <div>
          <dt>Tax</dt>
          <dd>
            {book.tax.label} {percent(book.tax.rate)}, {book.tax.inclusive ? "included in prices" : "added to prices"}
          </dd>
        </div>
        <div>
          <dt>Target margin</dt>
          <dd>
            {percent(book.margin.target)} (floor {percent(book.margin.floor)})
          </dd>
        </div>
        <div>
          <dt>Minimum order value</dt>
          <dd>{money(book.minimum_order_value, cur)}</dd>
        </div>
        <div>
          <dt>Largest quantity per item</dt>
          <dd>{number(book.max_quantity)}</dd>
        </div>
        <div>
          <dt>Default lead time</dt>
          <dd>{leadTime?.label ?? book.default_lead_time}</dd>
        </div>
      </dl>

      <h4>Processes and machines</h4>
      <div className="process-grid">
        {processes.map((p) => (
          <ProcessCard key={p} process={p} book={book} />
        ))}
      </div>

      <h4 id="materials-title">Materials</h4>
      <table className="data-table" aria-labelledby="materials-title">
        <thead>
          <tr>
            <th scope="col">Material</th>
            <th scope="col">Processes</th>
            <th scope="col">Price</th>
            <th scope="col">Density</th>
            <th scope="col">Colours</th>
          </tr>
        </thead>
        <tbody>
          {book.materials.map((m) => (
            <tr key={m.code}>
              <th scope="row" data-label="Material">
                {m.name} <code className="code-chip">{m.code}</code>
              </th>
              <td data-label="Processes">{m.processes.map((p) => PROCESS_LABELS[p]).join(", ")}</td>
              <td data-label="Price">{materialPrice(f, m, cur)}</td>
              <td data-label="Density" className="nowrap">
                {number(m.density_g_cm3, 2)} g/cm³
              </td>
              <td data-label="Colours">{m.colours.length ? m.colours.join(", ") : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h4 id="finishes-title">Finishes</h4>
      {book.finishes.length === 0 ? (
        <p className="empty-inline">No finishes offered.</p>
      ) : (
        <table className="data-table" aria-labelledby="finishes-title">
          <thead>
            <tr>
              <th scope="col">Finish</th>
              <th scope="col">Processes</th>
              <th scope="col">Price</th>
              <th scope="col">Extra days</th>
            </tr>
          </thead>
          <tbody>
            {book.finishes.map((f) => (
              <tr key={f.code}>
                <th scope="row" data-label="Finish">
                  {f.name} <code className="code-chip">{f.code}</code>
                </th>
                <td data-label="Processes">{f.processes.map((p) => PROCESS_LABELS[p]).join(", ")}</td>
                <td data-label="Price">
                  {f.pricing.basis === "per_part" ? `${money(f.pricing.amount, cur)} per part` : `${money(f.pricing.per_m2, cur)} per m²`}
                </td>
                <td data-label="Extra days">{f.extra_days}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className="summary-columns">
        <section aria-labelledby="lead-times-title">
          <h4 id="lead-times-title">Lead times</h4>
          <ul className="plain-list card">
            {book.lead_times.map((l) => (
              <li key={l.code}>
                <strong>{l.label}</strong>: {l.days} working days, price ×{number(l.factor, 2)}
                {l.code === book.default_lead_time && <span className="badge badge-tone-neutral">default</span>}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="breaks-title">
          <h4 id="breaks-title">Quantity breaks</h4>
          {book.quantity_breaks.length === 0 ? (
            <p className="empty-inline">No quantity discounts.</p>
          ) : (
            <ul className="plain-list card">
              {book.quantity_breaks.map((b) => (
                <li key={b.min_qty}>
                  From <strong>{plural(b.min_qty, "piece")}</strong>: {b.discount > 0 ? `${percent(b.discount)} off` : "list price"}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="review-title">
          <h4 id="review-title">Manual review</h4>
          <ul className="plain-list card">
            <li>
              {book.review_rules.max_order_value === null ? (
                "No order value limit"
              ) : (
                <>
                  Orders above <strong>{money(book.review_rules.max_order_value, cur)}</strong>
                </>
              )}
            </li>
            <li>
              {book.review_rules.max_item_quantity === null ? (
                "No quantity limit"
              ) : (
                <>
                  Items of more than <strong>{number(book.review_rules.max_item_quantity)} pieces</strong>
                </>
              )}
            </li>
            <li>
              {book.review_rules.dfm_severity === null ? (
                "Manufacturability findings never force a review"
              ) : (
                <>
                  Parts with a manufacturability <strong>{book.review_rules.dfm_severity === "error" ? "error" : "warning or error"}</strong>
                </>
              )}
            </li>
          </ul>
          <p className="field-hint">Quotes that meet a rule go to the shop for review instead of instant checkout.</p>
        </section>
      </div>
    </section>
  );
}

function materialPrice(f: Format, m: Material, currency: string) {
  const { money, number } = f;
  const p = m.price;
  if (p.unit === "kg") return `${money(p.amount, currency)} per kg`;
  if (p.unit === "litre") return `${money(p.amount, currency)} per litre`;
  const sheet = f.size3(p.sheet_mm).replace(" mm", "");
  return (
    <>
      Sheets of {sheet} mm:{" "}
      {p.thicknesses.map((t, i) => (
        <span key={t.thickness_mm} className="nowrap">
          {i > 0 && ", "}
          {number(t.thickness_mm, t.thickness_mm % 1 ? 1 : 0)} mm {money(t.amount, currency)}
        </span>
      ))}
    </>
  );
}

function ProcessCard({ process, book }: { process: ProcessCode; book: Book }) {
  const { money, number, percent, size3 } = useFormat();
  const cur = book.currency;
  const proc = book.processes[process]!;
  const materials = book.materials.filter((m) => m.processes.includes(process)).map((m) => m.name);
  return (
    <article className="card process-card" aria-labelledby={`process-${process}`}>
      <h5 id={`process-${process}`}>{PROCESS_LABELS[process]}</h5>
      <p className="process-terms">
        Setup {money(proc.setup_fee, cur)} per line · minimum {money(proc.minimum_charge, cur)}
        {"infill" in proc && ` · infill ${percent(proc.infill.min)}–${percent(proc.infill.max)} (default ${percent(proc.infill.default)})`}
        {"stock_allowance_mm" in proc && ` · stock allowance ${number(proc.stock_allowance_mm, 1)} mm`}
        {"nesting_efficiency" in proc && ` · nesting ${percent(proc.nesting_efficiency)}`}
      </p>
      <ul className="machine-list">
        {proc.machines.map((m) => (
          <li key={m.code}>
            <strong>{m.name}</strong> <span className="muted">{money(m.hourly_rate, cur)}/h</span>
            <br />
            <span className="muted">
              {"build_volume_mm" in m && `Build volume ${size3(m.build_volume_mm)}`}
              {"travel_mm" in m && `Travel ${size3(m.travel_mm)}`}
              {"sheet_sizes_mm" in m && `Sheets ${m.sheet_sizes_mm.map((s) => size3(s).replace(" mm", "")).join(", ")} mm · kerf ${number(m.kerf_mm, 2)} mm`}
            </span>
          </li>
        ))}
      </ul>
      <p className="process-materials">
        <span className="muted">Materials:</span> {materials.length ? materials.join(", ") : "none yet"}
      </p>
    </article>
  );
}

function VersionHistory({ versions, shown }: { versions: Version[]; shown: number | null }) {
  const { moment } = useFormat();
  return (
    <section aria-labelledby="history-title">
      <h3 id="history-title">Version history</h3>
      <table className="data-table version-history">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">In force from</th>
            <th scope="col">Until</th>
            <th scope="col">Note</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} aria-current={v.version === shown ? "true" : undefined}>
              <th scope="row" data-label="Version">
                Version {v.version}
              </th>
              <td data-label="In force from" className="nowrap">
                {moment(v.valid_from)}
              </td>
              <td data-label="Until" className="nowrap">
                {v.valid_to ? moment(v.valid_to) : <span className="badge badge-tone-ok">current</span>}
              </td>
              <td data-label="Note">{v.note ?? "—"}</td>
              <td data-label="Actions" className="row-actions">
                {v.version === shown ? (
                  <span className="muted">Shown above</span>
                ) : (
                  <Link to={v.valid_to ? `/admin/catalog?version=${v.version}` : "/admin/catalog"}>
                    View<span className="visually-hidden"> version {v.version}</span>
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function IssueList({ failure }: { failure: PublishFailure }) {
  if (failure.issues.length === 0) return null;
  return (
    <ul className="issue-list" aria-label="Problems in the price book">
      {failure.issues.map((issue, i) => (
        <li key={i}>
          <code>{issue.path}</code>
          {issue.where && <span className="muted"> ({issue.where})</span>}: {issue.message}
        </li>
      ))}
    </ul>
  );
}

function PublishForm({ book, isCurrent, calibrated, failure }: { book: Book; isCurrent: boolean; calibrated?: string; failure?: PublishFailure }) {
  const { money } = useFormat();
  const json = failure?.values.book ?? JSON.stringify(editable(book), null, 2);
  return (
    <Form method="post" className="card form publish-form" aria-labelledby="publish-title" noValidate>
      <h3 id="publish-title">Publish a new version</h3>
      <p className="form-intro">
        {isCurrent ? "Edit the current price book below" : `Edit version ${book.price_book_version} below (publishing it restores it as a new version)`}, then
        publish. Money is in minor units of {book.currency} (cents: 1250 = {money(1250, book.currency)}); shares such as margins and discounts are fractions
        (0.35 = 35 %). The version number is set for you.
      </p>
      {calibrated && (
        <p className="alert alert-success" role="status">
          The print-time calibration for {calibrated} is filled in below (<code>time_calibration</code> and <code>min_layer_time_s</code>). Nothing changes
          until you publish.
        </p>
      )}
      <div aria-live="assertive" className="alert-slot">
        {failure && (
          <div className="alert alert-error">
            <p>{failure.message}</p>
            <IssueList failure={failure} />
          </div>
        )}
      </div>
      <div className={failure ? "field field-invalid" : "field"}>
        <label htmlFor="field-book">Price book (JSON)</label>
        <textarea
          id="field-book"
          name="book"
          className="mono code-editor"
          rows={24}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          defaultValue={json}
          aria-invalid={failure ? true : undefined}
        />
      </div>
      <TextField
        label="Note"
        name="note"
        optional
        maxLength={500}
        placeholder="e.g. Aluminium surcharge from March"
        defaultValue={failure?.values.note}
        hint="Shown in the version history."
      />
      <SubmitButton name="intent" value="publish" pendingLabel="Publishing…" pendingWhen={({ formData }) => formData.get("intent") === "publish"}>
        Publish new version
      </SubmitButton>
    </Form>
  );
}

function QuickEditForm({ book, failure }: { book: Book; failure?: PublishFailure }) {
  const digits = minorDigits(book.currency);
  const values: Record<string, string> = failure?.values ?? {
    margin_target: String(Math.round(book.margin.target * 10_000) / 100),
    minimum_order_value: (book.minimum_order_value / 10 ** digits).toFixed(digits),
  };
  const fieldError = (name: string, path: string) =>
    failure?.issues
      .filter((i) => i.path === name || i.path === path)
      .map((i) => i.message)
      .join(" ") || undefined;
  return (
    <Form method="post" className="card form quick-edit" aria-labelledby="quick-title" noValidate>
      <h3 id="quick-title">Quick changes</h3>
      <p className="form-intro">Publishes a new version from the current one with only these values changed.</p>
      <FormAlert message={failure?.message} />
      <div className="quick-fields">
        <TextField
          label="Target margin (%)"
          name="margin_target"
          inputMode="decimal"
          required
          defaultValue={values.margin_target}
          error={fieldError("margin_target", "margin.target")}
        />
        <TextField
          label={`Minimum order value (${book.currency})`}
          name="minimum_order_value"
          inputMode="decimal"
          required
          defaultValue={values.minimum_order_value}
          error={fieldError("minimum_order_value", "minimum_order_value")}
        />
      </div>
      {failure?.issues.some((i) => !["margin_target", "margin.target", "minimum_order_value"].includes(i.path)) && <IssueList failure={failure} />}
      <TextField
        label="Change note"
        name="quick_note"
        optional
        maxLength={500}
        defaultValue={values.quick_note}
        hint="Describes the change in the history when left empty."
      />
      <SubmitButton
        name="intent"
        value="quick"
        variant="secondary"
        pendingLabel="Publishing…"
        pendingWhen={({ formData }) => formData.get("intent") === "quick"}
      >
        Publish with these values
      </SubmitButton>
    </Form>
  );
}

/** The draft: the shown book with the fitted model on its machine. */
function withCalibration(book: Book, c: Calibration): Book {
  const fff = book.processes.fff;
  if (!fff) return book;
  const machines = fff.machines.map((m) => (m.code === c.machine ? { ...m, time_calibration: c.time_calibration, min_layer_time_s: c.min_layer_time_s } : m));
  return { ...book, processes: { ...book.processes, fff: { ...fff, machines } } };
}

const machineName = (book: Book, code: string) => book.processes.fff?.machines.find((m) => m.code === code)?.name ?? code;

const duration = (s: number) => {
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return h > 0 ? `${h} h ${String(m).padStart(2, "0")} min` : `${Math.max(1, m)} min`;
};
const signed = (percent: Format["percent"], e: number) => `${e > 0 ? "+" : e < 0 ? "−" : "±"}${percent(Math.abs(e))}`;
const errorTone = (e: number) => (Math.abs(e) <= 0.1 ? "ok" : Math.abs(e) <= 0.25 ? "warn" : "bad");

/**
 * Upload a few parts with the G-code the shop's slicer made of them; the fit
 * and its error are shown here, and the calibration is put into the draft
 * below for the shop to publish (or not).
 */
function CalibrationPanel({ book, result, failure }: { book: Book; result?: Calibration; failure?: { message: string; issues: string[] } }) {
  const machines = book.processes.fff?.machines ?? [];
  return (
    <section className="card form calibration" aria-labelledby="calibration-title">
      <h3 id="calibration-title">Calibrate FFF print times from your slicer</h3>
      <p className="form-intro">
        Slice 5 to 10 typical parts of different shapes (solid blocks, thin walls, parts with many small pieces) with your own slicer and settings, then upload
        each part with its G-code. PrusaSlicer, OrcaSlicer, Cura and Bambu Studio write the estimated time into the G-code; the printer's perimeter and infill
        speeds, time per layer and travel per separate piece are fitted to it. Give each G-code the same name as its part (<code>bracket.stl</code>,{" "}
        <code>bracket.gcode</code>).
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <div aria-live="assertive" className="alert-slot">
          {failure && (
            <div className="alert alert-error">
              <p>{failure.message}</p>
              {failure.issues.length > 0 && (
                <ul className="issue-list">
                  {failure.issues.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="calibration-machine">Printer</label>
          <select id="calibration-machine" name="machine" defaultValue={result?.machine ?? machines[0]?.code}>
            {machines.map((m) => (
              <option key={m.code} value={m.code}>
                {m.name}
                {m.time_calibration ? " (calibrated)" : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="calibration-parts">Parts (STL, OBJ or 3MF)</label>
          <input id="calibration-parts" type="file" name="part" multiple accept=".stl,.obj,.3mf" />
        </div>
        <div className="field">
          <label htmlFor="calibration-gcode">Their G-code</label>
          <input id="calibration-gcode" type="file" name="gcode" multiple accept=".gcode,.gco,.g,.bgcode" />
        </div>
        <SubmitButton variant="secondary" pendingLabel="Fitting…" pendingWhen={({ formData }) => formData.has("gcode")}>
          Fit print times
        </SubmitButton>
      </Form>
      {result && <CalibrationResult book={book} result={result} />}
    </section>
  );
}

function CalibrationResult({ book, result }: { book: Book; result: Calibration }) {
  const { measure, number, percent } = useFormat();
  const c = result.time_calibration;
  return (
    <div className="calibration-result">
      <h4 id="calibration-result-title">Fitted for {machineName(book, result.machine)}</h4>
      <dl className="facts facts-grid">
        <div>
          <dt>Perimeters</dt>
          <dd>{number(c.perimeter_flow_mm3_s, 1)} mm³/s</dd>
        </div>
        <div>
          <dt>Infill</dt>
          <dd>{number(c.infill_flow_mm3_s, 1)} mm³/s</dd>
        </div>
        <div>
          <dt>Per layer</dt>
          <dd>{number(c.layer_overhead_s, 2)} s</dd>
        </div>
        <div>
          <dt>Per piece per layer</dt>
          <dd>{number(c.island_travel_s, 2)} s</dd>
        </div>
        <div>
          <dt>Minimum layer time</dt>
          <dd>{measure(result.min_layer_time_s)} s</dd>
        </div>
        <div>
          <dt>Error now (version {result.price_book_version})</dt>
          <dd>
            {percent(result.before.mean_relative_error)} on average, up to {percent(result.before.max_relative_error)}
          </dd>
        </div>
        <div>
          <dt>Error after calibrating</dt>
          <dd>
            {percent(result.after.mean_relative_error)} on average, up to {percent(result.after.max_relative_error)}
          </dd>
        </div>
        {result.held_out && (
          <div>
            <dt>Expected on new parts</dt>
            <dd>
              {percent(result.held_out.mean_relative_error)} on average, up to {percent(result.held_out.max_relative_error)}
            </dd>
          </div>
        )}
      </dl>
      {result.warnings.length > 0 && (
        <ul className="issue-list" aria-label="Warnings">
          {result.warnings.map((w, i) => (
            <li key={i}>{w.message}</li>
          ))}
        </ul>
      )}
      <table className="data-table" aria-labelledby="calibration-result-title">
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col">Slicer's time</th>
            <th scope="col">Now</th>
            <th scope="col">Calibrated</th>
            <th scope="col">Predicted from the other parts</th>
          </tr>
        </thead>
        <tbody>
          {result.samples.map((s) => (
            <tr key={s.part}>
              <th scope="row" data-label="Part">
                {s.part} <span className="muted">({s.gcode})</span>
              </th>
              <td data-label="Slicer's time">{duration(s.slicer_time_s)}</td>
              <td data-label="Now">
                {duration(s.before_s)} <span className={`badge badge-tone-${errorTone(s.before_error)}`}>{signed(percent, s.before_error)}</span>
              </td>
              <td data-label="Calibrated">
                {duration(s.after_s)} <span className={`badge badge-tone-${errorTone(s.after_error)}`}>{signed(percent, s.after_error)}</span>
              </td>
              <td data-label="Predicted from the other parts">
                {s.held_out_error === null ? (
                  "—"
                ) : (
                  <span className={`badge badge-tone-${errorTone(s.held_out_error)}`}>{signed(percent, s.held_out_error)}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field-hint">The calibration is filled into the draft below. Review it and publish a new version to price with it.</p>
    </div>
  );
}
