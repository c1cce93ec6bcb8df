import { configurationThumbnail, logPictureFailure } from "../analysis/thumbnail.ts";
import type { Configuration, Product } from "../db/products.ts";
import { configurationThumbnailKey } from "../storage/glb-key.ts";

/**
 * A configured product's picture: drawn from its family's generator the first
 * time and kept in R2 beside its GLB (identical configurations share it).
 * Null when the generator can no longer draw it (say a family's rules changed).
 */
export async function configurationPicture(files: R2Bucket, product: Product, configuration: Configuration): Promise<Uint8Array | null> {
  const key = configurationThumbnailKey(product.tenant_id, product.id, configuration.schema_version, configuration.config_hash);
  const stored = await files.get(key);
  if (stored) return new Uint8Array(await stored.arrayBuffer());
  let png: Uint8Array;
  try {
    png = configurationThumbnail(product.generator_key, configuration.config);
  } catch (error) {
    logPictureFailure(`configuration ${configuration.id}`, error);
    return null;
  }
  await files.put(key, png, { httpMetadata: { contentType: "image/png" } });
  return png;
}
