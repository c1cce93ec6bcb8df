import { redirect, type RouterContextProvider } from "react-router";
import { callApi, sendApi } from "../api/client.ts";
import type { Schemas } from "../api/typed-client.ts";
import { text } from "../lib/forms.ts";
import { MESSAGE_ATTACHMENT_LIMIT } from "../../shared/messages.ts";

type Args = { request: Request; context: Readonly<RouterContextProvider> };
export type ThreadSubject = "projects" | "quotes";

/** What a refused message post shows next to the thread: why, in words, and the text typed so it is not lost. */
export type MessageFailure = { error: string; body: string };
/** A refusal and the status the page answers with; the route returns it in its own action data as `message`. */
export type MessageRefusal = { status: number; failure: MessageFailure };

/** A message form bigger than the largest attachment and its text: refused before it is parsed, as parsing holds it whole. */
export const MESSAGE_FORM_LIMIT = MESSAGE_ATTACHMENT_LIMIT + 64 * 1024;

const sizeMb = MESSAGE_ATTACHMENT_LIMIT / 1048576;

/** The thread of a project or quote as the visitor may read it (reading it marks it read); null when they may not (a guest). */
export async function loadThread(args: Args, subject: ThreadSubject, id: string) {
  const messages = await callApi<Schemas["Message"][]>(args, `/${subject}/${encodeURIComponent(id)}/messages?limit=100`);
  return messages.ok ? { messages: messages.data, more: messages.pagination?.has_next ?? false } : null;
}

/** True when the posted form is too big to be a message (read to its end first, so the browser sees the answer, not a reset). */
export async function messageTooLarge(request: Request): Promise<boolean> {
  if (Number(request.headers.get("content-length")) <= MESSAGE_FORM_LIMIT) return false;
  await request.body?.pipeTo(new WritableStream());
  return true;
}

export const tooLarge = (): MessageRefusal => ({
  status: 413,
  failure: { error: `The file is larger than ${sizeMb} MB. Attach a smaller image or PDF.`, body: "" },
});

/**
 * The thread's form (a plain multipart post: it works without JavaScript): the
 * file, if any, goes to the API first as it arrived (the API checks its bytes
 * and size), then the message naming it. A refusal comes back in words.
 */
export async function postMessage(args: Args, subject: ThreadSubject, id: string, form: FormData, page: string): Promise<MessageRefusal> {
  const body = text(form, "body");
  const file = form.get("attachment");
  const refuse = (error: string, status: number): MessageRefusal => ({ status, failure: { error, body } });
  if (!body) return refuse("Write a message first.", 422);
  const attachmentIds: string[] = [];
  if (file instanceof File && file.size > 0) {
    if (file.size > MESSAGE_ATTACHMENT_LIMIT) return refuse(`“${file.name}” is larger than ${sizeMb} MB. Attach a smaller image or PDF.`, 413);
    const uploaded = await callApi<Schemas["MessageAttachment"]>(args, `/message-attachments?${new URLSearchParams({ filename: file.name })}`, {
      method: "POST",
      body: file.stream(),
      headers: { "content-type": file.type || "application/octet-stream" },
    });
    if (!uploaded.ok)
      return refuse(
        uploaded.status === 415 ? `“${file.name}” cannot be attached: only images (PNG, JPEG, WebP) and PDF documents can.` : uploaded.error.message,
        uploaded.status || 502,
      );
    attachmentIds.push(uploaded.data.id);
  }
  const posted = await sendApi(args, `/${subject}/${encodeURIComponent(id)}/messages`, {
    body,
    ...(attachmentIds.length ? { attachment_ids: attachmentIds } : {}),
  });
  if (!posted.ok)
    return refuse(
      posted.error.fieldErrors.find((f) => f.field === "body") ? `Your message ${posted.error.fieldErrors[0].message}.` : posted.error.message,
      posted.status || 502,
    );
  throw redirect(`${page}#messages`);
}
