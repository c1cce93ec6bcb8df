/** One quote line: the part's 3D preview, the server's price, breakdown and DFM. */
import { useEffect, useState } from "react";
import type { FaceCategory } from "../viewer/face-categories.ts";
import { LazyPartViewer } from "../viewer/LazyPartViewer.tsx";
import { ProfilePreview } from "../viewer/ProfilePreview.tsx";
import { isMeshPart, type PartAnalysis } from "../workers/mesh-types.ts";
import { BlockedNotice, beyondFindings } from "../components/BlockedNotice.tsx";
import { describePart, unitPriceNote } from "../../engine/documents/describe.ts";
import type { ManualPricedItem } from "../../engine/pricing/manual.ts";
import type { Catalog } from "./catalog.ts";
import { DfmFindings } from "./DfmFindings.tsx";
import { useFormat } from "../format/use-format.ts";
import { loadPart, PREVIEW_MAX_BYTES } from "./part-cache.ts";
import { PriceBreakdown } from "./PriceBreakdown.tsx";
import type { ItemConfiguration, ItemModel, QuoteItemView } from "./quote-types.ts";

interface Props {
  item: QuoteItemView;
  model: ItemModel | null;
  configuration: ItemConfiguration | null;
  catalog: Catalog | null;
  index: number;
}

export function QuoteItemCard({ item, model, configuration, catalog, index }: Props) {
  const { cm3, money, size3 } = useFormat();
  const [focus, setFocus] = useState<FaceCategory["key"]>();
  const [local, setLocal] = useState<PartAnalysis>();
  const [previewState, setPreviewState] = useState<"loading" | "none">("loading");
  // Analysed in the browser after hydration (from this tab's cache or the stored file), so server and client render alike.
  useEffect(() => {
    if (!item.model_id || !model || model.size_bytes > PREVIEW_MAX_BYTES) return setPreviewState("none");
    let live = true;
    loadPart(item.model_id, model.filename, model.units)
      .then((part) => live && (part ? setLocal(part) : setPreviewState("none")))
      .catch(() => live && setPreviewState("none"));
    return () => {
      live = false;
    };
  }, [item.model_id, model]);
  const name = model?.filename ?? configuration?.name ?? configuration?.product_name ?? `Part ${index + 1}`;
  const o = item.options;
  // A configured product is its product family; a part is its process, material and finish in the shop's words.
  const description = item.configuration_id ? (configuration?.product_name ?? "Configured product") : describePart(catalog, o);
  const price = item.price;
  const manual = price && !price.blocked && "manual" in price ? (price as ManualPricedItem).manual : null;
  const note = price && !price.blocked && !manual && unitPriceNote(price, (minor) => money(minor, price.currency));
  const discount = price && !price.blocked ? price.discount : undefined;
  return (
    <article className="part card quote-item" aria-labelledby={`${item.id}-title`} data-testid="quote-item">
      <header className="part-head">
        <div>
          <h2 id={`${item.id}-title`} className="part-name">
            {name}
          </h2>
          <p className="part-size" data-testid="item-description">
            {description} · quantity {o.quantity}
          </p>
        </div>
        {price && !price.blocked && (
          <p className="quote-item-total">
            <span data-testid="item-total">{money(price.total, price.currency)}</span>
            <span className="muted">{money(price.unit_price, price.currency)} each</span>
            {discount && (
              <span className="item-discount" data-testid="item-discount">
                {discount.label}: {money(-discount.off, price.currency)} off {money(discount.list_total, price.currency)}
              </span>
            )}
          </p>
        )}
      </header>
      <div className="part-body">
        <div className="part-preview">
          {local ? (
            isMeshPart(local) ? (
              <LazyPartViewer geometry={local.geometry} faceFlags={local.faceFlags} focus={focus} label={name} />
            ) : (
              <ProfilePreview contours={local.contours} label={name} />
            )
          ) : item.configuration_id ? (
            <img
              className="part-thumbnail"
              src={`/api/v1/configurations/${item.configuration_id}/thumbnail`}
              alt={`${name}, as configured`}
              width={256}
              height={256}
            />
          ) : previewState === "none" && item.model_id && model?.analysis ? (
            // Too big to analyse again in this tab: the picture the server drew at analysis.
            <img className="part-thumbnail" src={`/api/v1/models/${item.model_id}/thumbnail`} alt={`${name}, as the shop read it`} width={256} height={256} />
          ) : (
            <div className="viewer viewer-empty">
              <p>{previewState === "loading" ? "Loading the 3D preview…" : "No 3D preview for this part."}</p>
            </div>
          )}
          {model?.analysis && (
            <dl className="facts">
              {model.analysis.volume_mm3 !== undefined && (
                <div className="fact">
                  <dt>Volume</dt>
                  <dd>{cm3(model.analysis.volume_mm3)}</dd>
                </div>
              )}
              {model.analysis.bbox_mm && (
                <div className="fact">
                  <dt>Size</dt>
                  <dd>{size3(model.analysis.bbox_mm.size)}</dd>
                </div>
              )}
            </dl>
          )}
          {model?.download_url && (
            // Links signed for whoever loaded the page (the shop's staff too): they open in a new tab for some minutes.
            <p className="part-files">
              <a href={model.download_url} download>
                {model.source ? "Download the mesh (STL)" : `Download ${model.filename}`}
              </a>
              {model.source?.download_url && (
                <>
                  {" · "}
                  <a href={model.source.download_url} download>
                    Download the original {model.source.format.toUpperCase()} file
                  </a>
                </>
              )}
            </p>
          )}
        </div>
        <div className="part-config">
          {configuration && configuration.details.length > 0 && (
            <dl className="spec-list" aria-label={`Specification of ${name}`} data-testid="configuration-details">
              {configuration.details.map((f) => (
                <div key={f.label}>
                  <dt>{f.label}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
            </dl>
          )}
          {item.error && <p className="alert alert-error">This part could not be priced: {item.error.message}</p>}
          {!price && !item.error && <p className="muted pricing-note">The shop's server is checking and pricing this part…</p>}
          {price?.blocked && (
            <>
              <BlockedNotice blockers={beyondFindings(price.blockers, price.dfm)} title="No price: this cannot be made as it is.">
                <p data-testid="manual-quote-requested">
                  Manual quote requested: the shop checks this item and prices it by hand, or you can fix it and revise the quote.
                </p>
              </BlockedNotice>
              <DfmFindings findings={price.dfm} blocked focus={focus} onFocus={local && isMeshPart(local) ? setFocus : undefined} />
            </>
          )}
          {price && !price.blocked && (
            <>
              {item.price_differs && item.preview_total !== null && (
                <p className="alert alert-warning" data-testid="price-differs">
                  The shop's price differs from the instant preview ({money(item.preview_total, price.currency)}). The price shown here is the one that counts.
                </p>
              )}
              {discount?.customer_note && (
                <p className="notice-review" data-testid="item-discount-note">
                  {discount.customer_note}
                </p>
              )}
              {manual && (
                <div className="notice-review" data-testid="manual-price">
                  <p>
                    <strong>Price set by the shop.</strong> The shop checked this item and priced it by hand.
                  </p>
                  {manual.customer_note && <p data-testid="manual-price-note">{manual.customer_note}</p>}
                </div>
              )}
              <DfmFindings findings={price.dfm} focus={focus} onFocus={local && isMeshPart(local) ? setFocus : undefined} />
              {!manual && <PriceBreakdown price={price} caption={`Price breakdown for ${name}`} />}
              {note && (
                <p className="muted unit-price-note" data-testid="unit-price-note">
                  {note}
                </p>
              )}
              <p className="muted">
                Ships in {price.lead_time.days} working days ({price.lead_time.label}){manual ? "" : ` · ${price.machine.name}`}
              </p>
            </>
          )}
        </div>
      </div>
    </article>
  );
}
