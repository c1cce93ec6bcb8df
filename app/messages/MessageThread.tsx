import { Form } from "react-router";
import type { Schemas } from "../api/typed-client.ts";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { useFormat } from "../format/use-format.ts";
import { MESSAGE_ATTACHMENT_ACCEPT, MESSAGE_ATTACHMENT_LIMIT, MESSAGE_BODY_MAX } from "../../shared/messages.ts";
import type { MessageFailure } from "./thread.server.ts";

type Message = Schemas["Message"];

/**
 * A project's or quote's conversation with the shop: the messages, oldest at
 * the top, each with its sender, time and files; and, for those who may
 * write, a form with one image or PDF to attach. A refusal is shown in words
 * above the form, with the text kept.
 */
export function MessageThread(props: {
  messages: Message[];
  more: boolean;
  canWrite: boolean;
  failure: MessageFailure | undefined;
  /** Whose side the reader is on, so their own messages sit on the right. */
  side: "shop" | "customer";
}) {
  const { moment, bytes } = useFormat();
  const { messages, canWrite, failure, side } = props;
  const ordered = messages.toReversed();
  return (
    <section className="card message-thread" id="messages" aria-labelledby="messages-title" data-testid="message-thread">
      <h2 id="messages-title">Messages</h2>
      {props.more && <p className="muted">Older messages are not shown.</p>}
      {ordered.length === 0 ? (
        <p className="empty">No messages yet.{canWrite ? " Ask the shop anything about this here." : ""}</p>
      ) : (
        <ol className="message-list">
          {ordered.map((m) => (
            <li key={m.id} className={`message message-${m.author.side}${m.author.side === side ? " message-own" : ""}`} data-testid="message">
              <p className="message-meta">
                <strong>{m.author.name}</strong>
                {m.author.side === "shop" ? <span className="badge">Shop</span> : null} <time dateTime={m.created_at}>{moment(m.created_at)}</time>
              </p>
              <p className="message-body">{m.body}</p>
              {m.attachments.length > 0 && (
                <ul className="message-files">
                  {m.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={a.url} target="_blank" rel="noopener" data-testid="message-attachment">
                        {a.content_type === "application/pdf" ? (
                          <span className="message-file-icon" aria-hidden="true">
                            PDF
                          </span>
                        ) : (
                          <img src={a.url} alt="" width={64} height={64} loading="lazy" />
                        )}
                        <span>
                          {a.filename} <span className="muted">({bytes(a.size_bytes)})</span>
                        </span>
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      {canWrite ? (
        <Form method="post" encType="multipart/form-data" className="form message-form" preventScrollReset>
          <input type="hidden" name="intent" value="message" />
          {failure && (
            <p className="alert alert-error" role="alert" data-testid="message-error">
              {failure.error}
            </p>
          )}
          <label>
            <span>Your message</span>
            <textarea name="body" rows={3} maxLength={MESSAGE_BODY_MAX} required defaultValue={failure?.body ?? ""} key={failure ? "kept" : messages[0]?.id} />
          </label>
          <label>
            <span>Attach an image or PDF (optional, at most {MESSAGE_ATTACHMENT_LIMIT / 1048576} MB)</span>
            <input type="file" name="attachment" accept={MESSAGE_ATTACHMENT_ACCEPT} />
          </label>
          <SubmitButton pendingLabel="Sending…" pendingWhen={({ formData }) => formData.get("intent") === "message"}>
            Send message
          </SubmitButton>
        </Form>
      ) : (
        <p className="muted">You can read this conversation; your role does not allow writing in it.</p>
      )}
    </section>
  );
}
