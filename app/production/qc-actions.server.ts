import { data, redirect, type RouterContextProvider } from "react-router";
import { callApi, sendApi } from "../api/client.ts";
import { formFailure, text, type FormFailure } from "../lib/forms.ts";
import { checkpointFromForm, formField } from "./qc-entry.ts";
import { QC_PHOTO_LIMIT } from "../../shared/qc-photos.ts";

type Args = { request: Request; context: Readonly<RouterContextProvider> };

/** What a refused QC post shows: the checkpoint form with the API's messages at their fields, or a photo's refusal next to its check. */
export type QcActionResult = { qc: FormFailure & { stage: string } } | { photo: { checkpoint: string; check: string | null; message: string } };

/** A form post bigger than a photo the API takes plus its few form fields: refused without parsing it, as parsing holds it whole. */
export const PHOTO_FORM_LIMIT = QC_PHOTO_LIMIT + 64 * 1024;

export async function photoTooLarge(request: Request) {
  // Read to the end without keeping it: a browser still sending when the answer comes may see a reset connection instead.
  await request.body?.pipeTo(new WritableStream());
  const checkpoint = new URL(request.url).searchParams.get("qc") ?? "";
  const message = `The photo is larger than ${QC_PHOTO_LIMIT / 1048576} MB`;
  // Which check it was for is in the unread form: the message goes to the checkpoint's photos as a whole.
  return data<QcActionResult>({ photo: { checkpoint, check: null, message } }, { status: 413 });
}

/** After a checkpoint or a photo: the page, open on that checkpoint's photos. */
const photosOf = (page: string, checkpoint: string) => `${page}?${new URLSearchParams({ qc: checkpoint })}#qc-entry`;

/** The QC entry form posted (plain form posts: it works without JavaScript): the checkpoint goes to the API, then the page asks for photos. */
export async function recordCheckpoint(args: Args, moId: string, page: string, form: FormData) {
  const { input, rows, missing } = checkpointFromForm(form);
  const values = Object.fromEntries([...form].flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  if (missing.length > 0) {
    const fields = Object.fromEntries(missing.map((m) => [m.field, m.message]));
    return data<QcActionResult>({ qc: { stage: input.checkpoint_stage, message: "Please correct the highlighted fields.", fields, values } }, { status: 422 });
  }
  const result = await sendApi<{ id: string }>(args, `/manufacturing-orders/${encodeURIComponent(moId)}/qc-checkpoints`, input);
  if (result.ok) throw redirect(photosOf(page, result.data.id));
  const failure = formFailure(result.error, values);
  const fields = Object.fromEntries(Object.entries(failure.fields).map(([field, message]) => [formField(field, rows), message]));
  return data<QcActionResult>({ qc: { stage: input.checkpoint_stage, ...failure, fields } }, { status: result.status || 502 });
}

/** A photo from the tablet's camera (or a file), passed on to the photo endpoint as it arrived; the API checks its bytes and size. */
export async function uploadPhoto(args: Args, moId: string, page: string, form: FormData) {
  const checkpoint = text(form, "checkpoint_id");
  const check = text(form, "check_id");
  const photo = form.get("photo");
  const refuse = (message: string, status: number) => data<QcActionResult>({ photo: { checkpoint, check, message } }, { status });
  if (!checkpoint) throw data("Which checkpoint?", { status: 400 });
  if (!(photo instanceof File) || photo.size === 0) return refuse("Take or choose a photo first.", 422);
  const query = check ? `?${new URLSearchParams({ check_id: check })}` : "";
  const result = await callApi(args, `/manufacturing-orders/${encodeURIComponent(moId)}/qc-checkpoints/${encodeURIComponent(checkpoint)}/photos${query}`, {
    method: "POST",
    body: photo.stream(),
    headers: { "content-type": photo.type || "application/octet-stream" },
  });
  if (result.ok) throw redirect(photosOf(page, checkpoint));
  return refuse(result.error.message, result.status || 502);
}
