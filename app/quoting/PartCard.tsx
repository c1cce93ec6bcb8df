/** One dropped file: progress, analysis, preview, options, the local price and its explanation. */
import { FileProblemNotice } from "./FileProblemNotice.tsx";
import { useState } from "react";
import type { PriceOptions } from "../../engine/pricing/types.ts";
import { LazyPartViewer } from "../viewer/LazyPartViewer.tsx";
import { ProfilePreview } from "../viewer/ProfilePreview.tsx";
import type { FaceCategory } from "../viewer/face-categories.ts";
import { isMeshPart, type PartAnalysis } from "../workers/mesh-types.ts";
import { AnalysisFacts } from "./AnalysisFacts.tsx";
import type { Catalog } from "./catalog.ts";
import { BlockedNotice, beyondFindings } from "../components/BlockedNotice.tsx";
import { DfmFindings } from "./DfmFindings.tsx";
import { useFormat } from "../format/use-format.ts";
import type { LocalPrice } from "./local-price.ts";
import { PartOptionsForm } from "./PartOptionsForm.tsx";
import { PriceBreakdown } from "./PriceBreakdown.tsx";
import { ProgressBar } from "./ProgressBar.tsx";
import { QuantityBreaks } from "./QuantityBreaks.tsx";
import { ServerConfirmation, UploadStatus } from "./UploadStatus.tsx";
import { unitsMatter, type Part, type Units } from "./use-parts.ts";

interface Props {
  part: Part;
  catalog: Catalog;
  priced: LocalPrice | null;
  onOptions: (options: PriceOptions) => void;
  onUnits: (units: Units) => void;
  onRemove: () => void;
}

/** Below this size in every direction a part "in mm" was most likely drawn in inches. */
const TINY_MM = 6;

export function PartCard({ part, catalog, priced, onOptions, onUnits, onRemove }: Props) {
  const { bytes, number } = useFormat();
  const { file, analysis, upload, options } = part;
  const titleId = `${part.id}-title`;
  return (
    <article className="part card" aria-labelledby={titleId} data-testid="part">
      <header className="part-head">
        <div>
          <h2 id={titleId} className="part-name">
            {file.name}
          </h2>
          <p className="part-size">{bytes(file.size)}</p>
          {unitsMatter(file) && <UnitsSwitch part={part} onUnits={onUnits} />}
        </div>
        <button type="button" className="button button-secondary button-small" onClick={onRemove} aria-label={`Remove ${file.name}`}>
          Remove
        </button>
      </header>
      <div className="part-progress" aria-live="polite">
        {analysis.state === "running" && (
          <ProgressBar label="Analysis" value={analysis.bytesRead} max={file.size} detail={`${bytes(analysis.bytesRead)} of ${bytes(file.size)} read`} />
        )}
        {analysis.state === "done" && <ProgressBar label="Analysis" value={1} max={1} tone="done" detail={`Done in ${number(analysis.ms)} ms`} />}
        {analysis.state === "failed" && <ProgressBar label="Analysis" value={1} max={1} tone="error" detail="Failed" />}
        <UploadStatus upload={upload} size={file.size} />
      </div>
      <div aria-live="assertive">
        {analysis.state === "failed" && <FileProblemNotice testId="analysis-error" code={analysis.code} detail={analysis.message} general />}
      </div>
      {analysis.state === "done" && options && priced && (
        <AnalysedPart result={analysis.result} catalog={catalog} priced={priced} options={options} onOptions={onOptions} name={file.name} />
      )}
      {analysis.state === "done" && !options && (
        <p className="alert alert-error">This shop offers no process for {analysis.result.analysis.kind === "mesh" ? "3D models" : "2D drawings"}.</p>
      )}
      <div aria-live="polite">
        <ServerConfirmation
          blocked={!!priced?.ok && priced.price.blocked}
          upload={upload}
          local={analysis.state === "done" ? analysis.result.analysis : null}
          localError={analysis.state === "failed" ? analysis.message : null}
        />
      </div>
    </article>
  );
}

/** Millimetres or inches for a file that does not say; a suspiciously small part gets a hint. */
function UnitsSwitch({ part, onUnits }: { part: Part; onUnits: (units: Units) => void }) {
  const { analysis } = part;
  const size = analysis.state === "done" && analysis.result.analysis.kind === "mesh" ? analysis.result.analysis.bbox_mm.size : null;
  const tiny = part.units === "mm" && size !== null && Math.max(...size) < TINY_MM;
  return (
    <fieldset className="units-switch">
      <legend>File units</legend>
      {(["mm", "in"] as const).map((u) => (
        <label key={u}>
          <input type="radio" name={`${part.id}-units`} value={u} checked={part.units === u} onChange={() => onUnits(u)} />
          {u === "mm" ? "mm" : "inches"}
        </label>
      ))}
      {tiny && <p className="units-hint">Only {Math.max(...size!).toFixed(1)} mm across — drawn in inches?</p>}
    </fieldset>
  );
}

interface AnalysedProps {
  result: PartAnalysis;
  catalog: Catalog;
  priced: LocalPrice;
  options: PriceOptions;
  onOptions: (options: PriceOptions) => void;
  name: string;
}

function AnalysedPart({ result, catalog, priced, options, onOptions, name }: AnalysedProps) {
  const { money } = useFormat();
  const [focus, setFocus] = useState<FaceCategory["key"]>();
  return (
    <div className="part-body">
      <div className="part-preview">
        {isMeshPart(result) ? (
          <LazyPartViewer geometry={result.geometry} faceFlags={result.faceFlags} focus={focus} label={name} />
        ) : (
          <ProfilePreview contours={result.contours} label={name} />
        )}
        <AnalysisFacts analysis={result.analysis} />
      </div>
      <div className="part-config">
        <PartOptionsForm catalog={catalog} kind={result.analysis.kind} options={options} onChange={onOptions} invalidField={priced.ok ? null : priced.field} />
        <section className="price-panel" aria-label="Price" aria-live="polite">
          {!priced.ok ? (
            <p className="alert alert-error" role="alert">
              {priced.message}
            </p>
          ) : priced.price.blocked ? (
            <>
              <BlockedNotice blockers={beyondFindings(priced.price.blockers, priced.price.dfm)}>
                <p>Fix what is listed below and drop the file again, or ask the shop to check this part and quote it by hand.</p>
                <a className="button button-primary button-small" href="#save-quote" data-testid="request-manual-quote">
                  Request a manual quote
                </a>
              </BlockedNotice>
              <DfmFindings findings={priced.price.dfm} blocked focus={focus} onFocus={isMeshPart(result) ? setFocus : undefined} />
            </>
          ) : (
            <>
              <div className="price-head">
                <div>
                  <p className="price-total" data-testid="part-price">
                    {money(priced.price.total, priced.price.currency)}
                  </p>
                  <p className="muted">
                    {money(priced.price.unit_price, priced.price.currency)} each · {priced.price.tax.inclusive ? "incl." : "excl."} {priced.price.tax.label}
                  </p>
                  {isMeshPart(result) && result.tessellated && (
                    <p className="muted" data-testid="price-after-review">
                      Priced from your {result.tessellated.format.toUpperCase()} file: confirmed after the shop's review.
                    </p>
                  )}
                </div>
                <p className="price-lead">
                  Ships in <strong>{priced.price.lead_time.days} working days</strong>
                  <br />
                  <span className="muted">{priced.price.machine.name}</span>
                </p>
              </div>
              <DfmFindings findings={priced.price.dfm} focus={focus} onFocus={isMeshPart(result) ? setFocus : undefined} />
              <details className="breakdown-details" open>
                <summary>How this price is made</summary>
                <PriceBreakdown price={priced.price} caption={`Price breakdown for ${name}`} />
              </details>
              <QuantityBreaks
                rows={priced.breaks}
                quantity={options.quantity}
                currency={priced.price.currency}
                onPick={(quantity) => onOptions({ ...options, quantity })}
              />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
