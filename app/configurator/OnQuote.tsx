import { Link } from "react-router";
import { TechnicalPackagePanel, type TechnicalPackageView } from "../quoting/TechnicalPackagePanel.tsx";

/** The newest quote a saved configuration is on, as the configurator shows it. */
export interface QuotedConfiguration {
  quote_id: string;
  quote_number: string;
  technical: TechnicalPackageView | null;
  canRebuild: boolean;
}

/**
 * A configuration on a quote: which quote, and that quote's technical package
 * as the quote page shows it (building…, the downloads, or a failure with
 * what to do); its drawings' thumbnails stand under the preview.
 */
export function OnQuote({ quoted, error }: { quoted: QuotedConfiguration; error?: string }) {
  return (
    <div data-testid="configuration-on-quote">
      <p className="card">
        On quote <Link to={`/quotes/${quoted.quote_id}`}>{quoted.quote_number}</Link>
      </p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <TechnicalPackagePanel pkg={quoted.technical} canRebuild={quoted.canRebuild} quoteId={quoted.quote_id} />
    </div>
  );
}
