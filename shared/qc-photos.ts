/**
 * The largest QC photo taken, one figure for the API (its body limit) and the
 * UI (which refuses a bigger form post before parsing it). Pure TypeScript.
 */
export const QC_PHOTO_LIMIT = 10 * 1024 * 1024;
