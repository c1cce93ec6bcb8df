import type { Route } from "./+types/recall-csv";
import { callApi, errorPage } from "../../api/client.ts";
import { requireProduction } from "../../production/actions.server.ts";
import { recallCsv, recallRows, type TraceNode } from "../../production/recall.ts";

/** The recall view of a lot as a CSV download (a resource route: no page). */
export async function loader(args: Route.LoaderArgs) {
  requireProduction(args);
  const forward = await callApi<{ lot: TraceNode }>(args, `/lots/${encodeURIComponent(args.params.number)}/forward-trace`);
  if (!forward.ok) throw errorPage(forward);
  // The file name is the lot number, kept to characters safe in a header.
  const name = `recall-${forward.data.lot.lot_number.replace(/[^\w.-]/g, "_")}.csv`;
  return new Response(recallCsv(recallRows(forward.data.lot)), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "private, no-store" },
  });
}
