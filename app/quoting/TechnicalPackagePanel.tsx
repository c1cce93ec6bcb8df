import { useEffect } from "react";
import { useRevalidator } from "react-router";

export interface TechnicalPackageView {
  status: "none" | "queued" | "building" | "ready" | "failed";
  pdf_url: string | null;
  zip_url: string | null;
}

/**
 * The quote's technical package (datasheets, drawings, BOM; the DXFs zipped):
 * downloads when ready, "building…" while the background job runs (the page
 * looks again every few seconds), nothing when the quote has none.
 */
export function TechnicalPackagePanel({ pkg }: { pkg: TechnicalPackageView | null }) {
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
        <p className="muted">The technical package could not be built; the shop has been told.</p>
      )}
    </section>
  );
}
