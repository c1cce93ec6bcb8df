import type { MessageHandler } from "./index.ts";
import { analyzeModel } from "./analysis.ts";
import { runJob } from "./jobs.ts";

/** Queue message kind → its consumer. */
export const handlers: Record<string, MessageHandler> = {
  "model.analyze": analyzeModel,
  "job.run": runJob,
};
