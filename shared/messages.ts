/**
 * The limits of a message and its attachments, one figure for the API and
 * the UI (which refuses a bigger file before sending it). Pure TypeScript.
 */
export const MESSAGE_BODY_MAX = 5000;
export const MESSAGE_ATTACHMENT_LIMIT = 10 * 1024 * 1024;
export const MESSAGE_ATTACHMENTS_MAX = 5;
/** What the file picker offers; the server decides by the bytes. */
export const MESSAGE_ATTACHMENT_ACCEPT = "image/png,image/jpeg,image/webp,application/pdf,.pdf";
