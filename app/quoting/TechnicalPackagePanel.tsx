import { useEffect } from "react";
import { Form, useRevalidator } from "react-router";
import { SubmitButton } from "../components/SubmitButton.tsx";

export interface TechnicalPackageView {
  status: "none" | "queued" | "building" | "ready" | "failed";
  pdf_url: string | null;
  zip_url: string | null;
  error_code: string | null;
  /** Failed, and another build may succeed (the generator broke or the build never finished). */
  retryable: boolean;
}

/** The form intent that asks for the package again (POST /quotes/{id}/technical-package). */
export const REBUILD_INTENT = "technical-package";

/** What a failure means for the reader and what they can do about it. */
function failureText(pkg: TechnicalPackageView, canRebuild: boolean) {
  if (pkg.retryable)
    return canRebuild
      ? "The technical package could not be built this time. Try again; if it fails again, send the shop a message."
      : "The technical package could not be built this time. Ask the shop, or a colleague who can change this quote, to build it again.";
  if (pkg.error_code === "nothing_to_package") return "This quote has no configured products, so it has no technical package.";
  return "The technical package cannot be made from this quote as it stands: a configured product no longer fits its product's options. Change the configuration or ask the shop; the package is built again when the quote changes.";
}

/**
 * The quote's technical package (datasheets, drawings, BOM; the DXFs zipped):
 * downloads when ready, "building…" while the background job runs (the page
 * looks again every few seconds), a failure with what to do about it (and
 * "Try again" for one another build may cure, to whoever may change the
 * quote), nothing when the quote has none. `quoteId` goes with the form when
 * the page is not the quote's own (the configurator).
 */
export function TechnicalPackagePanel({ pkg, canRebuild, quoteId }: { pkg: TechnicalPackageView | null; canRebuild: boolean; quoteId?: string }) {
  const { revalidate, state } = useRevalidator();
  const building = pkg?.status === "queued" || pkg?.status === "building";
  useEffect(() => {
    if (!building || state !== "idle") return;
    const timer = setTimeout(revalidate, 3000);
    return () => clearTimeout(timer);
  }, [building, state, revalidate]);
  if (!pkg || pkg.status === "none") return null;
  return (
    <section className="card" data-testid="technical-package" aria-live="polite">
      <h2>Technical package</h2>
      {pkg.status === "ready" && pkg.pdf_url && pkg.zip_url ? (
        <p>
          <a className="button" href={pkg.pdf_url} data-testid="technical-package-pdf" download>
            Download PDF
          </a>{" "}
          <a href={pkg.zip_url} data-testid="technical-package-zip" download>
            Drawings as DXF (ZIP)
          </a>
        </p>
      ) : building ? (
        <p className="muted" data-testid="technical-package-building">
          Building… datasheets and drawings will be ready in a moment.
        </p>
      ) : (
        <div className="alert alert-warning" role="status" data-testid="technical-package-failed">
          <p>{failureText(pkg, canRebuild)}</p>
          {pkg.retryable && canRebuild && (
            <Form method="post">
              {quoteId && <input type="hidden" name="quote_id" value={quoteId} />}
              <SubmitButton
                name="intent"
                value={REBUILD_INTENT}
                variant="secondary"
                pendingLabel="Asking…"
                pendingWhen={({ formData }) => formData.get("intent") === REBUILD_INTENT}
              >
                Try again
              </SubmitButton>
            </Form>
          )}
        </div>
      )}
    </section>
  );
}
