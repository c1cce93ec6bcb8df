/** The R2 key layout: everything a tenant owns lives under `t/{tenantId}/`. */
export const modelKey = (tenantId: string, sha256: string) => `t/${tenantId}/models/${sha256}`;
export const faceFlagsKey = (tenantId: string, sha256: string, units: string) => `t/${tenantId}/models/${sha256}.${units}.flags`;
export const uploadTempKey = (tenantId: string, uploadId: string) => `t/${tenantId}/uploads/${uploadId}`;
/** The part's picture, shared by every upload of the same bytes (the view is fitted, so units do not matter). */
export const thumbnailKey = (tenantId: string, sha256: string) => `t/${tenantId}/models/${sha256}.thumb.png`;
/** Generated JSON documents: a partner's specification, an order's combined cutting list. */
export const specificationKey = (tenantId: string, id: string) => `t/${tenantId}/specifications/${id}.json`;
export const cuttingListKey = (tenantId: string, orderId: string) => `t/${tenantId}/orders/${orderId}/cutting-list.json`;
/** A QC photo, by its MO and its own id. */
export const qcPhotoKey = (tenantId: string, moId: string, photoId: string) => `t/${tenantId}/manufacturing-orders/${moId}/qc-photos/${photoId}`;
/** A version of a numbered document (a drawing's PDF, SVG or DXF of one revision): written once, never overwritten. */
export const documentKey = (tenantId: string, kind: string, number: string, rev: string, ext: string) =>
  `t/${tenantId}/documents/${kind}/${number}/${rev}.${ext}`;
/** The shop's logo, by its content (a new logo is a new key, so caches never serve the old one under the new URL). */
export const logoKey = (tenantId: string, sha256: string) => `t/${tenantId}/branding/logo-${sha256}`;
/** A file sent with a message, by its own id. */
export const messageAttachmentKey = (tenantId: string, attachmentId: string) => `t/${tenantId}/message-attachments/${attachmentId}`;
