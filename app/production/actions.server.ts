import { data, redirect, type RouterContextProvider } from "react-router";
import { sendApi } from "../api/client.ts";
import { text } from "../lib/forms.ts";
import { requireViewer } from "../lib/session.server.ts";
import { PHOTO_FORM_LIMIT, photoTooLarge, recordCheckpoint, uploadPhoto } from "./qc-actions.server.ts";

type Args = { request: Request; context: Readonly<RouterContextProvider> };

/** Production pages: signed-in staff who may read production (customers get the 403 page). */
export function requireProduction(args: Args) {
  const viewer = requireViewer(args);
  if (!viewer.permissions.includes("production:read")) throw data("Forbidden", { status: 403 });
  return { canWrite: viewer.permissions.includes("production:write") };
}

/** What a refused form post shows: the API's message, next to the MO (and the thing) it was about. */
export interface ProductionActionResult {
  error: { mo: string; target: string; message: string };
}

const MOVES = new Set(["start", "finish", "block"]);
const BOARD_FILTERS = new Set(["work_centre", "due_by"]);

/**
 * A production form post (a plain form: the board and MO page work without
 * JavaScript): an operation moved, or a corrective action closed. Success
 * redirects back to `page`, so a reload does not post again;
 * a refusal (409 out of order, a QC stage not cleared) comes back with the API's message.
 */
export async function productionAction(args: Args, moId: string, page: string) {
  requireProduction(args);
  return moveOrClose(args, moId, page, await args.request.formData());
}

/** The MO page's posts: the board's, and its QC entry form's checkpoints and photos (qc-actions.server.ts). */
export async function moPageAction(args: Args, moId: string, page: string) {
  requireProduction(args);
  if (Number(args.request.headers.get("content-length")) > PHOTO_FORM_LIMIT) return photoTooLarge(args.request);
  const form = await args.request.formData();
  const intent = text(form, "intent");
  if (intent === "qc-checkpoint") return recordCheckpoint(args, moId, page, form);
  if (intent === "qc-photo") return uploadPhoto(args, moId, page, form);
  return moveOrClose(args, moId, page, form);
}

async function moveOrClose(args: Args, moId: string, page: string, form: FormData) {
  const intent = text(form, "intent");
  let result: Awaited<ReturnType<typeof sendApi>>;
  let target: string;
  if (intent === "operation") {
    const code = text(form, "code");
    const move = text(form, "move");
    if (!code || !MOVES.has(move)) throw data("Unknown operation move", { status: 400 });
    target = code;
    result = await sendApi(args, `/manufacturing-orders/${encodeURIComponent(moId)}/operations/${encodeURIComponent(code)}/${move}`);
  } else if (intent === "close-action") {
    target = text(form, "action_id");
    result = await sendApi(args, `/manufacturing-orders/${encodeURIComponent(moId)}/corrective-actions/${encodeURIComponent(target)}/close`, {
      note: text(form, "note"),
    });
  } else throw data("Unknown action", { status: 400 });
  if (result.ok) {
    // Back to the page, keeping the board's filters (the request's own URL is the router's `.data` fetch when JavaScript posts).
    const filters = new URLSearchParams([...new URL(args.request.url).searchParams].filter(([k]) => BOARD_FILTERS.has(k)));
    throw redirect(filters.size > 0 ? `${page}?${filters}` : page);
  }
  const detail = result.error.fieldErrors.find((f) => f.field === "note");
  const message = detail ? `Note ${detail.message}.` : result.error.message;
  return data<ProductionActionResult>({ error: { mo: moId, target, message } }, { status: result.status || 502 });
}
