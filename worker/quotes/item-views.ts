import { findModel } from "../db/models.ts";
import type { QuoteItem } from "../db/quotes.ts";
import type { Scope } from "../db/scope.ts";
import { loadConfigured } from "../products/configured-product.ts";
import { configurationPicture } from "../products/picture.ts";
import { thumbnailKey } from "../storage/keys.ts";
import { SYSTEM } from "../db/viewer.ts";

/** How a quote line is shown in documents: its name, its size and a picture when there is one. */
export interface ItemView {
  label: string;
  size_mm: number[] | null;
  picture: Uint8Array | null;
}

/** Parts show their stored thumbnail (drawn at analysis); configured products their generator's picture. */
export async function itemViews(scope: Scope, files: R2Bucket, items: QuoteItem[]): Promise<Map<string, ItemView>> {
  const views = new Map<string, ItemView>();
  for (const item of items) {
    if (item.configuration_id) {
      const loaded = await loadConfigured(scope, item.configuration_id);
      if (!loaded) continue;
      views.set(item.id, { label: loaded.configuration.name ?? loaded.product.name, size_mm: null, picture: await configurationPicture(files, loaded.product, loaded.configuration) });
    } else if (item.model_id) {
      const model = await findModel(scope, item.model_id, SYSTEM);
      if (!model) continue;
      const object = await files.get(thumbnailKey(scope.tenantId, model.sha256));
      const size = (model.analysis as { bbox_mm?: { size: number[] } } | null)?.bbox_mm?.size ?? null;
      views.set(item.id, { label: model.filename, size_mm: size, picture: object ? new Uint8Array(await object.arrayBuffer()) : null });
    }
  }
  return views;
}
