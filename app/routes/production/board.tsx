import { Form, Link } from "react-router";
import type { Route } from "./+types/board";
import { PageTitle } from "../../components/PageTitle.tsx";
import { StatusBadge } from "../../components/StatusBadge.tsx";
import { callApi, errorPage } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { useFormat } from "../../format/use-format.ts";
import { BOARD_COLUMNS, byColumn, currentOperation, nextMoves } from "../../production/board.ts";
import { productionAction, requireProduction } from "../../production/actions.server.ts";
import { LotSearch } from "../../production/LotSearch.tsx";
import { AwaitingApproval } from "../../production/AwaitingApproval.tsx";
import { MoveButton, revalidateAfterPosts } from "../../production/MoveButton.tsx";
import productionCss from "../../styles/production.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: productionCss }];

type Mo = Schemas["ManufacturingOrder"];

const COLUMN_TITLES: Record<(typeof BOARD_COLUMNS)[number], string> = {
  scheduled: "Scheduled",
  in_production: "In production",
  ready: "Ready",
  shipped: "Shipped",
  delivered: "Delivered",
  on_hold: "On hold",
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The board's filters from the query string: a work centre the shop floor knows, and a due-by day. */
function filtersOf(url: URL, centres: readonly string[]) {
  const centre = url.searchParams.get("work_centre") ?? "";
  const due = url.searchParams.get("due_by") ?? "";
  return { work_centre: centres.includes(centre) ? centre : "", due_by: DAY.test(due) && !Number.isNaN(Date.parse(due)) ? due : "" };
}

const BOARD_SIZE = 100;

export async function loader(args: Route.LoaderArgs) {
  const { canWrite } = requireProduction(args);
  const [schedule, low] = await Promise.all([
    callApi<Schemas["ProductionSchedule"]>(args, "/production/schedule"),
    callApi<Schemas["Material"][]>(args, "/materials?below_reorder_point=true&limit=100"),
  ]);
  if (!schedule.ok) throw errorPage(schedule);
  if (!low.ok) throw errorPage(low);
  const centres = schedule.data.work_centres.map((w) => ({ code: w.code, name: w.name }));
  const filters = filtersOf(
    new URL(args.request.url),
    centres.map((c) => c.code),
  );
  // The soonest due first: the board shows the first BOARD_SIZE and says when more wait behind them.
  const query = new URLSearchParams({ limit: String(BOARD_SIZE), ...(filters.work_centre ? { work_centre: filters.work_centre } : {}) });
  const list = await callApi<Mo[]>(args, `/manufacturing-orders?${query}`);
  if (!list.ok) throw errorPage(list);
  // Due by the end of the chosen day (dates are UTC throughout).
  const dueBy = filters.due_by ? Date.parse(`${filters.due_by}T23:59:59.999Z`) : Number.POSITIVE_INFINITY;
  const mos = list.data.filter((mo) => Date.parse(mo.due_at) <= dueBy);
  const late = schedule.data.manufacturing_orders.filter((o) => o.late).map((o) => o.id);
  const toOrder = { count: low.data.length, more: low.pagination?.has_next ?? false };
  return { columns: byColumn(mos), late, centres, filters, canWrite, more: list.pagination?.has_next ?? false, toOrder };
}

export const shouldRevalidate = revalidateAfterPosts;

export async function action(args: Route.ActionArgs) {
  const form = await args.request.clone().formData();
  return productionAction(args, String(form.get("mo") ?? ""), "/production");
}

export default function Board({ loaderData, actionData }: Route.ComponentProps) {
  const { columns, late, centres, filters, canWrite, more, toOrder } = loaderData;
  const filtered = !!(filters.work_centre || filters.due_by);
  return (
    <div className="container production">
      <PageTitle>Production</PageTitle>
      <h1>Production board</h1>
      <p>
        <Link to="/production/stock">Stock</Link>: materials, lots and what to order. <Link to="/production/analytics">Shop analytics</Link>: conversion,
        on-time delivery, first-pass yield and waste.
      </p>
      <Form method="get" className="inbox-filters board-filters" role="search" aria-label="Filter the board">
        <div className="field">
          <label htmlFor="board-centre">Work centre</label>
          <select id="board-centre" name="work_centre" defaultValue={filters.work_centre}>
            <option value="">All work centres</option>
            {centres.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="board-due">Due by</label>
          <input id="board-due" name="due_by" type="date" defaultValue={filters.due_by} />
        </div>
        <button type="submit" className="button button-primary">
          Filter
        </button>
        {filtered && (
          <Link to="/production" className="button button-ghost">
            Clear
          </Link>
        )}
      </Form>
      <LotSearch />
      {toOrder.count > 0 && (
        <p className="alert alert-warning" role="status" data-testid="reorder-alert">
          {toOrder.count === 1 && !toOrder.more ? "1 material is" : `${toOrder.count}${toOrder.more ? "+" : ""} materials are`} below the reorder point.{" "}
          <Link to="/production/stock?below=1">See what to order</Link>
        </p>
      )}
      {filters.work_centre && <p className="muted">Showing orders with work still to do at this work centre.</p>}
      {more && <p className="muted">The {BOARD_SIZE} orders due soonest are shown; choose a work centre or a due date to see the others.</p>}
      <div className="board">
        {BOARD_COLUMNS.map((column) => (
          <section key={column} className="board-column" aria-labelledby={`column-${column}`} data-testid={`column-${column}`}>
            <h2 id={`column-${column}`}>
              {COLUMN_TITLES[column]} <span className="count">{columns[column].length}</span>
            </h2>
            {columns[column].length === 0 ? (
              <p className="muted board-empty">None</p>
            ) : (
              columns[column].map((mo) => (
                <MoCard
                  key={mo.id}
                  mo={mo}
                  late={late.includes(mo.id)}
                  canWrite={canWrite}
                  error={actionData?.error.mo === mo.id ? actionData.error.message : undefined}
                />
              ))
            )}
          </section>
        ))}
      </div>
    </div>
  );
}

function MoCard({ mo, late, canWrite, error }: { mo: Mo; late: boolean; canWrite: boolean; error?: string }) {
  const { day } = useFormat();
  const current = currentOperation(mo.operations);
  const moves = canWrite ? nextMoves(mo.status, mo.operations) : [];
  return (
    <article className={`mo-card${late ? " mo-card-late" : ""}`} aria-labelledby={`mo-${mo.id}`} data-testid={`mo-card-${mo.number}`}>
      <h3 id={`mo-${mo.id}`}>
        <Link to={`/production/${mo.id}`}>{mo.number}</Link>
        {late && <span className="badge badge-tone-bad">Late</span>}
      </h3>
      <p className="muted">
        {mo.order_number ?? "Order"} · {mo.quantity === 1 ? "1 unit" : `${mo.quantity} units`}
      </p>
      {current ? (
        <p className="mo-current" data-testid="current-operation">
          {current.name} <StatusBadge status={current.status} />
        </p>
      ) : (
        <p className="mo-current muted">All operations done</p>
      )}
      <p className={late ? "mo-due mo-due-late" : "mo-due"}>Due {day(mo.due_at)}</p>
      <AwaitingApproval drawings={mo.waiting_for_drawing_approval} />
      {moves.length > 0 && (
        <div className="mo-moves">
          {moves.map((m) => (
            <Form method="post" key={`${m.code}-${m.action}`}>
              <input type="hidden" name="mo" value={mo.id} />
              <MoveButton move={m} mo={mo} />
            </Form>
          ))}
        </div>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
