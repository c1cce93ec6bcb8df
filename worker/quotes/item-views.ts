import { describeConfiguration, describePart, uValueField, type CatalogNames, type DescribedField } from "../../engine/documents/describe.ts";
import { readProfile } from "../../engine/mesh/profile/index.ts";
import type { PriceOptions } from "../../engine/pricing/types.ts";
import { logPictureFailure, profileThumbnail } from "../analysis/thumbnail.ts";
import { findModel, type Model } from "../db/models.ts";
import { priceBookVersion } from "../db/price-books.ts";
import type { QuoteItem } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { loadConfigured } from "../products/configured-product.ts";
import { engineer } from "../products/engineering.ts";
import { configurationPicture } from "../products/picture.ts";
import { thumbnailKey } from "../storage/keys.ts";
import { SYSTEM } from "../db/viewer.ts";

/** How a quote line is shown in documents: its full name, what it is in words, its size and a picture when there is one. */
export interface ItemView {
  label: string;
  /** Process, material, thickness or infill and finish by the price book's names; the product family for configured items. */
  description: string | null;
  /** A configured product field by field, with its U-value when the family computes one. */
  details: DescribedField[];
  size_mm: number[] | null;
  picture: Uint8Array | null;
}

/**
 * Parts show their stored thumbnail (drawn at analysis) and are described with
 * the names of the price book the quote was priced with; configured products
 * show their generator's picture and every field of their configuration.
 */
export async function itemViews(
  scope: Scope,
  files: R2Bucket,
  items: QuoteItem[],
  priceBook: number,
  // A label names the line only: rendering its picture would be most of the work.
  { pictures = true }: { pictures?: boolean } = {},
): Promise<Map<string, ItemView>> {
  const book = (await priceBookVersion(scope, priceBook))?.body as unknown as CatalogNames | undefined;
  const views = new Map<string, ItemView>();
  for (const item of items) {
    if (item.configuration_id) {
      const loaded = await loadConfigured(scope, item.configuration_id);
      if (!loaded) continue;
      const { configuration, product, schema } = loaded;
      const details = describeConfiguration(schema.config_schema, configuration.config);
      const u = uValueField(engineeringOf(product, schema.config_schema, configuration.config));
      views.set(item.id, {
        label: configuration.name ?? product.name,
        description: product.name,
        details: u ? [...details, u] : details,
        size_mm: null,
        picture: pictures ? await configurationPicture(files, product, configuration) : null,
      });
    } else if (item.model_id) {
      const model = await findModel(scope, item.model_id, SYSTEM);
      if (!model) continue;
      const size = (model.analysis as { bbox_mm?: { size: number[] } } | null)?.bbox_mm?.size ?? null;
      views.set(item.id, {
        label: model.filename,
        description: describePart(book ?? null, item.options as unknown as PriceOptions),
        details: [],
        size_mm: size,
        picture: pictures ? await partPicture(scope, files, model) : null,
      });
    }
  }
  return views;
}

/** A configuration saved under rules that have since changed may no longer engineer: it is then shown without a U-value. */
function engineeringOf(product: Parameters<typeof engineer>[0], schema: Record<string, unknown>, config: unknown) {
  try {
    return engineer(product, schema, config);
  } catch {
    return null;
  }
}

/**
 * The picture drawn at analysis; a 2D part analysed before profiles had
 * pictures gets its outline drawn now from its (small) file and kept.
 */
async function partPicture(scope: Scope, files: R2Bucket, model: Model): Promise<Uint8Array | null> {
  const key = thumbnailKey(scope.tenantId, model.sha256);
  const stored = await files.get(key);
  if (stored) return new Uint8Array(await stored.arrayBuffer());
  if ((model.kind !== "dxf" && model.kind !== "svg") || model.status !== "analyzed") return null;
  const file = await files.get(model.r2_key);
  if (!file) return null;
  let png: Uint8Array | undefined;
  try {
    png = profileThumbnail(readProfile(new Uint8Array(await file.arrayBuffer()), { format: model.kind, units: model.units }).contours);
  } catch (error) {
    logPictureFailure(`profile ${model.id}`, error);
    return null;
  }
  if (png) await files.put(key, png, { httpMetadata: { contentType: "image/png" } });
  return png ?? null;
}
