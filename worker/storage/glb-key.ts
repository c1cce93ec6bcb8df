/** Generated models are keyed by product, schema version and configuration hash: identical configurations share one file. */
export const glbKey = (tenantId: string, productId: string, schemaVersion: number, configHash: string) =>
  `t/${tenantId}/products/${productId}/v${schemaVersion}/${configHash}.glb`;
/** The configuration's picture, beside its GLB. */
export const configurationThumbnailKey = (tenantId: string, productId: string, schemaVersion: number, configHash: string) =>
  `t/${tenantId}/products/${productId}/v${schemaVersion}/${configHash}.thumb.png`;
