import { Form, Link } from "react-router";
import type { Route } from "./+types/mo";
import { PageTitle } from "../../components/PageTitle.tsx";
import { Fact } from "../../production/Fact.tsx";
import { StatusBadge } from "../../components/StatusBadge.tsx";
import { AwaitingApproval } from "../../production/AwaitingApproval.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { callApi, errorPage } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import type { CuttingResult } from "../../../engine/cutting/types.ts";
import { useFormat } from "../../format/use-format.ts";
import { canMove, nextMoves, type OperationMove } from "../../production/board.ts";
import { moPageAction, requireProduction } from "../../production/actions.server.ts";
import { CuttingDiagram } from "../../production/CuttingDiagram.tsx";
import { MoveButton, revalidateAfterPosts } from "../../production/MoveButton.tsx";
import { lotPath } from "../../production/recall.ts";
import { QcEntry } from "../../production/QcEntry.tsx";
import type { ChecklistStage } from "../../production/qc-entry.ts";
import productionCss from "../../styles/production.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: productionCss }];

type Mo = Schemas["ManufacturingOrderDetail"];
type Operation = Schemas["Operation"];
/** The door family's BOM line, as the MO carries it (engine/products/door). */
type BomLine = { code: string; description: string; category: string; quantity: number; unit: string; quantity_with_waste: number };
/** The order's cutting list; its bars and cuts as engine/cutting writes them (the schema leaves cuts open). */
type CuttingList = Omit<Schemas["OrderCuttingList"], "bars"> & Pick<CuttingResult, "bars">;

export async function loader(args: Route.LoaderArgs) {
  const { canWrite } = requireProduction(args);
  const id = encodeURIComponent(args.params.id);
  // What needs only the MO's id goes out with it; the order's cutting list and timeline follow.
  const [mo, consumed, schedule] = await Promise.all([
    callApi<Mo>(args, `/manufacturing-orders/${id}`),
    callApi<Schemas["ConsumedLot"][]>(args, `/manufacturing-orders/${id}/consumptions`),
    callApi<Schemas["ProductionSchedule"]>(args, "/production/schedule"),
  ]);
  if (!mo.ok) throw errorPage(mo);
  const order = encodeURIComponent(mo.data.order_id);
  const [cutting, timeline] = await Promise.all([
    callApi<CuttingList>(args, `/orders/${order}/cutting-list`),
    callApi<Schemas["TimelineEntry"][]>(args, `/orders/${order}/timeline`),
  ]);
  if (!consumed.ok) throw errorPage(consumed);
  if (!timeline.ok) throw errorPage(timeline);
  if (!schedule.ok) throw errorPage(schedule);
  return {
    mo: mo.data,
    canWrite,
    // An order without profile cuts (uploaded parts) or whose list failed has none: the API says why.
    cutting: cutting.ok ? { list: cutting.data, note: null } : { list: null, note: cutting.error.message },
    consumed: consumed.data,
    timeline: timeline.data,
    // The schedule plans open MOs only: a finished one has no planned finish or late flag.
    planned: schedule.data.manufacturing_orders.find((o) => o.id === mo.data.id) ?? null,
  };
}

export const shouldRevalidate = revalidateAfterPosts;

export const action = (args: Route.ActionArgs) => moPageAction(args, args.params.id, `/production/${encodeURIComponent(args.params.id)}`);

export default function ManufacturingOrderPage({ loaderData, actionData }: Route.ComponentProps) {
  const { mo, canWrite, cutting, consumed, timeline, planned } = loaderData;
  const { day, moment } = useFormat();
  const error = actionData && "error" in actionData ? actionData.error : undefined;
  const bom = (mo.bom as { lines?: BomLine[] } | null | undefined)?.lines ?? null;
  const checklist = (mo.qc_checkpoints as ChecklistStage[] | null | undefined) ?? null;
  const item = cutting.list?.items.find((i) => i.item_id === mo.quote_item_id);
  return (
    <div className="container production mo-page">
      <PageTitle>{mo.number}</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/production">Production board</Link> / {mo.number}
      </nav>
      <header className="mo-head">
        <h1 data-testid="mo-number">{mo.number}</h1>
        <p>
          <span data-testid="mo-status">
            <StatusBadge status={mo.status} />
          </span>
          {planned?.late && <span className="badge badge-tone-bad">Late</span>}
        </p>
        <AwaitingApproval drawings={mo.waiting_for_drawing_approval} detailed />
        <dl className="facts">
          <Fact term="Order">{mo.order_number ?? "—"}</Fact>
          <Fact term="Quantity">{mo.quantity === 1 ? "1 unit" : `${mo.quantity} units`}</Fact>
          <Fact term="Due">{day(mo.due_at)}</Fact>
          {planned && <Fact term="Planned finish">{day(planned.planned_finish)}</Fact>}
          {mo.unit_serials.length > 0 && (
            <Fact term={mo.unit_serials.length === 1 ? "Serial number" : "Serial numbers"}>
              <span className="mono">{mo.unit_serials.join(", ")}</span>
            </Fact>
          )}
        </dl>
        <p className="actions">
          <a className="button button-ghost" href={`/api/v1/manufacturing-orders/${mo.id}/label`}>
            Print label (PDF)
          </a>
        </p>
      </header>

      <section aria-labelledby="routing-title">
        <h2 id="routing-title">Routing</h2>
        {error && mo.operations.some((o) => o.code === error.target) && (
          <p className="alert alert-error" role="alert" data-testid="operation-error">
            {error.message}
          </p>
        )}
        <div className="table-scroll">
          <table className="data-table routing-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Operation</th>
                <th scope="col">Work centre</th>
                <th scope="col">Planned</th>
                <th scope="col">Status</th>
                {canWrite && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {mo.operations.map((op, i) => (
                <tr key={op.code} data-testid={`operation-${op.code}`}>
                  <td>{i + 1}</td>
                  <th scope="row">
                    {op.name}
                    {op.parallel_with_previous && <div className="muted">alongside the previous one</div>}
                    {op.qc_stage && <div className="muted">QC: {op.qc_stage}</div>}
                  </th>
                  <td>{op.work_centre}</td>
                  <td className="nowrap">{op.planned_minutes} min</td>
                  <td>
                    <StatusBadge status={op.status} />
                  </td>
                  {canWrite && (
                    <td className="row-actions">
                      <div className="mo-moves">
                        {movesOf(mo, op).map((m) => (
                          <Form method="post" key={m.action}>
                            <MoveButton move={m} />
                          </Form>
                        ))}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="qc-title">
        <h2 id="qc-title">Quality control</h2>
        <QcSection
          mo={mo}
          checklist={checklist}
          canWrite={canWrite}
          error={error && mo.corrective_actions.some((a) => a.id === error.target) ? error : undefined}
        />
        {canWrite && mo.operations.some((o) => o.qc_stage) && (
          <QcEntry mo={mo} checklist={checklist ?? []} result={actionData && !("error" in actionData) ? actionData : undefined} />
        )}
      </section>

      <section aria-labelledby="bom-title">
        <h2 id="bom-title">Bill of materials</h2>
        {bom ? (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="muted">Per unit, and for the {mo.quantity === 1 ? "1 unit" : `${mo.quantity} units`} of this order (with waste)</caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Description</th>
                  <th scope="col">Category</th>
                  <th scope="col">Per unit</th>
                  <th scope="col">This order</th>
                </tr>
              </thead>
              <tbody>
                {bom.map((l) => (
                  <tr key={`${l.code}-${l.description}`}>
                    <td className="mono">{l.code}</td>
                    <td>{l.description}</td>
                    <td>{l.category}</td>
                    <td className="nowrap">{quantity(l.quantity, l.unit)}</td>
                    <td className="nowrap">{quantity(l.quantity_with_waste * mo.quantity, l.unit)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">No bill of materials: this line is an uploaded part, made from its file.</p>
        )}
      </section>

      <section aria-labelledby="cutting-title">
        <h2 id="cutting-title">Cutting diagrams</h2>
        {cutting.list ? (
          <>
            <p className="muted">
              Cut for the whole order ({cutting.list.bars_used} {cutting.list.bars_used === 1 ? "bar" : "bars"}, {cutting.list.waste_percent} % waste
              {cutting.list.optimal ? ", proven optimal" : ""}){item ? `; this line's pieces are labelled “Item ${item.position}”.` : "."}
            </p>
            <CuttingDiagram list={cutting.list} />
          </>
        ) : (
          <p className="muted">{cutting.note}</p>
        )}
      </section>

      <section aria-labelledby="lots-title">
        <h2 id="lots-title">Consumed lots</h2>
        {consumed.length === 0 ? (
          <p className="muted">No material has been booked to this order yet.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Lot</th>
                <th scope="col">Material</th>
                <th scope="col">Quantity</th>
              </tr>
            </thead>
            <tbody>
              {consumed.map((l) => (
                <tr key={l.lot_number}>
                  <td className="mono">
                    <Link to={lotPath(l.lot_number)}>{l.lot_number}</Link>
                  </td>
                  <td>{l.material}</td>
                  <td className="nowrap">{quantity(l.quantity, l.unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline of {mo.order_number ?? "the order"}</h2>
        {timeline.length === 0 ? (
          <p className="muted">Nothing has happened yet.</p>
        ) : (
          <ol className="timeline" data-testid="timeline">
            {timeline.map((e) => (
              <li key={`${e.at}-${e.event}-${e.subject.id}`} className={e.subject.id === mo.id ? "timeline-this" : undefined}>
                <time dateTime={e.at}>{moment(e.at)}</time>
                <span>
                  {e.summary}
                  <span className="muted">
                    {" "}
                    · {e.subject.number ?? e.subject.type}
                    {e.actor.name ? ` · ${e.actor.name}` : ` · ${e.actor.type}`}
                  </span>
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

/**
 * The buttons of one routing row: the board's moves (finish what is under way,
 * start what may start), and blocking for those same operations only (the
 * state machine would block any pending one, but a button on every row is noise).
 */
function movesOf(mo: Mo, op: Operation): OperationMove[] {
  const moves = nextMoves(mo.status, mo.operations).filter((m) => m.code === op.code);
  return moves.length > 0 && canMove(mo.operations, op.code, "block") ? [...moves, { code: op.code, name: op.name, action: "block" }] : moves;
}

const quantity = (n: number, unit: string) => `${Math.round(n * 1000) / 1000} ${unit}`;

function QcSection({
  mo,
  checklist,
  canWrite,
  error,
}: {
  mo: Mo;
  checklist: ChecklistStage[] | null;
  canWrite: boolean;
  error?: { message: string; target: string };
}) {
  const { day, moment } = useFormat();
  const stages = [...new Set([...(checklist ?? []).map((s) => s.stage), ...mo.qc_records.map((r) => r.checkpoint_stage)])];
  if (stages.length === 0) return <p className="muted">This routing has no QC checklist.</p>;
  return (
    <>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Checks</th>
              <th scope="col">Recorded</th>
            </tr>
          </thead>
          <tbody>
            {stages.map((stage) => {
              const records = mo.qc_records.filter((r) => r.checkpoint_stage === stage);
              const checks = checklist?.find((s) => s.stage === stage)?.checks ?? [];
              return (
                <tr key={stage}>
                  <th scope="row">{stage}</th>
                  <td>{checks.length === 1 ? "1 check" : `${checks.length} checks`}</td>
                  <td>
                    {records.length === 0 ? (
                      <span className="muted">Not inspected yet</span>
                    ) : (
                      <ul className="plain-list">
                        {records.map((r) => (
                          <li key={r.id}>
                            <StatusBadge status={r.overall_status} /> {moment(r.created_at)} · {r.inspector_name}
                            {r.checks
                              .filter((c) => c.status === "fail")
                              .map((c) => (
                                <div key={c.description} className="cell-error">
                                  {c.description}
                                  {c.measurement ? ` (${c.measurement}${c.tolerance ? `, tolerance ${c.tolerance}` : ""})` : ""}
                                </div>
                              ))}
                            {canWrite && (
                              <>
                                {" "}
                                · <Link to={`?${new URLSearchParams({ qc: r.id })}#qc-entry`}>Add photos</Link>
                              </>
                            )}
                            {r.photos.length > 0 && (
                              <div className="qc-photos" data-testid="qc-photos">
                                {r.photos.map((photo, i) => (
                                  <a key={photo.id} href={photo.url} target="_blank" rel="noopener">
                                    Photo {i + 1}
                                  </a>
                                ))}
                              </div>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>Corrective actions</h3>
      {error && (
        <p className="alert alert-error" role="alert">
          {error.message}
        </p>
      )}
      {mo.corrective_actions.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="corrective-actions">
          {mo.corrective_actions.map((a) => (
            <li key={a.id} className="card">
              <p>
                <StatusBadge status={a.status} /> {a.description}
              </p>
              <p className="muted">
                {a.owner ? `${a.owner} · ` : ""}due {day(a.due_at)}
                {a.closed_at ? ` · closed ${day(a.closed_at)}: ${a.closed_note ?? ""}` : ""}
              </p>
              {canWrite && a.status === "open" && (
                <Form method="post" className="inline-form close-action">
                  <input type="hidden" name="intent" value="close-action" />
                  <input type="hidden" name="action_id" value={a.id} />
                  <div className="field">
                    <label htmlFor={`note-${a.id}`}>What was done</label>
                    <input id={`note-${a.id}`} name="note" required maxLength={2000} />
                  </div>
                  <SubmitButton variant="secondary" pendingLabel="Closing…" pendingWhen={({ formData }) => formData.get("action_id") === a.id}>
                    Close action
                  </SubmitButton>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
