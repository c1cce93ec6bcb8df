import { useState } from "react";
import { Form } from "react-router";
import { SubmitButton } from "../components/SubmitButton.tsx";

/** The guest's link to their saved quote: copy it to open the quote elsewhere, or revoke it (a new one replaces it). */
export function SharePanel({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="card share-panel" aria-label="Link to this quote" data-testid="share-panel">
      <h2>Open this quote on another device</h2>
      <p className="muted">Anyone with this link can see and change this quote. Revoke it if it went to the wrong person.</p>
      <input readOnly value={url} aria-label="Link to this quote" data-testid="share-url" onFocus={(e) => e.currentTarget.select()} />
      <p>
        <button
          type="button"
          className="button"
          onClick={() =>
            void navigator.clipboard.writeText(url).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy link"}
        </button>
      </p>
      <Form method="post">
        <SubmitButton name="intent" value="share-link/revoke" variant="secondary" pendingLabel="Revoking…">
          Revoke link
        </SubmitButton>
      </Form>
    </section>
  );
}
