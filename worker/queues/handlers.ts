import type { MessageHandler } from "./index.ts";
import { analyzeModel } from "./analysis.ts";
import { runDrawings, runJob, runTechnicalPackage } from "./jobs.ts";
import { processInboundEvent } from "../webhooks/process-inbound.ts";
import { ingestInboundEvent } from "../webhooks/ingest-inbound.ts";
import { deliverWebhook } from "../webhooks/deliver.ts";
import { buildCuttingList } from "../orders/cutting-list.ts";
import { fanOutNotification } from "../notifications/fan-out.ts";

/** Queue message kind → its consumer. */
export const handlers: Record<string, MessageHandler> = {
  "model.analyze": analyzeModel,
  "job.run": runJob,
  "drawings.run": runDrawings,
  "technical_package.build": runTechnicalPackage,
  "order.cutting_list": buildCuttingList,
  "webhook.process": processInboundEvent,
  "webhook.ingest": ingestInboundEvent,
  "webhook.deliver": deliverWebhook,
  "notification.fanout": fanOutNotification,
};
