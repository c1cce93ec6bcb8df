import type { MessageHandler } from "./index.ts";

/** Queue message kind → its consumer. */
export const handlers: Record<string, MessageHandler> = {};
