import type { AppEnv } from "./context.ts";
import { bodyLimit } from "hono/body-limit";
import { createRouter } from "./router.ts";
import { ApiError } from "./errors.ts";
import { renderDocsPage } from "./docs-page.ts";
import { apiKeysRouter } from "./api-keys.ts";
import { authRouter } from "./auth.ts";
import { customersRouter } from "./customers.ts";
import { healthRouter } from "./health.ts";
import { meRouter } from "./me.ts";
import { modelsRouter } from "./models.ts";
import { modelUploadsRouter } from "./model-uploads.ts";
import { catalogRouter } from "./catalog.ts";
import { calibrationsRouter } from "./calibrations.ts";
import { priceRouter } from "./price.ts";
import { quotesRouter } from "./quotes.ts";
import { productsRouter } from "./products.ts";
import { configurationsRouter } from "./configurations.ts";
import { jobsRouter } from "./jobs.ts";
import { engineeringRouter } from "./engineering.ts";
import { tenantsRouter } from "./tenants.ts";
import { usersRouter } from "./users.ts";
import { webhookSourcesRouter } from "./webhook-sources.ts";
import { webhookEndpointsRouter } from "./webhook-endpoints.ts";
import { webhookEventsRouter } from "./webhook-events.ts";
import { webhookDlqRouter } from "./webhook-dlq.ts";
import { paymentsRouter } from "./payments.ts";
import { specificationsRouter } from "./specifications.ts";
import { cuttingListsRouter } from "./cutting-lists.ts";
import { businessRouter } from "./business.ts";
import { shippingRouter } from "./shipping.ts";
import { termsRouter } from "./terms.ts";
import { ordersRouter } from "./orders.ts";
import { manufacturingOrdersRouter } from "./manufacturing-orders.ts";
import { qcCheckpointsRouter } from "./qc-checkpoints.ts";
import { lotsRouter } from "./lots.ts";
import { consumptionsRouter } from "./consumptions.ts";
import { traceabilityRouter } from "./traceability.ts";
import { productionScheduleRouter } from "./production-schedule.ts";
import { shipmentsRouter } from "./shipments.ts";

/** JSON bodies are small; file uploads (parts, and calibration G-code) have their own limits. */
export const JSON_BODY_LIMIT = 256 * 1024;

const isUpload = (method: string, path: string) =>
  (method === "POST" && (path === "/api/v1/models" || path === "/api/v1/price-books/calibrations")) || (method === "PUT" && /^\/api\/v1\/models\/uploads\/[^/]+\/parts\/\d+$/.test(path));

/** Paths in the document are relative to `servers`, so generated clients call /api/v1/… on the shop's host. */
const OPENAPI = { openapi: "3.1.0", info: { title: "Fabquote API", version: "1.0.0" }, servers: [{ url: "/api/v1" }] };

/** The /api/v1 router: one sub-router per resource. */
export function createApi() {
  const api = createRouter<AppEnv>();
  const jsonLimit = bodyLimit({
    maxSize: JSON_BODY_LIMIT,
    onError: () => {
      throw new ApiError("PAYLOAD_TOO_LARGE", `The request body is larger than ${JSON_BODY_LIMIT / 1024} KB`);
    },
  });
  api.use("*", (c, next) => (isUpload(c.req.method, c.req.path) ? next() : jsonLimit(c, next)));
  api.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer", description: "fq_… API key" });
  api.openAPIRegistry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "__Host-fq_session" });

  api
    .route("/", healthRouter)
    .route("/", tenantsRouter)
    .route("/", authRouter)
    .route("/", meRouter)
    .route("/", usersRouter)
    .route("/", customersRouter)
    .route("/", apiKeysRouter)
    .route("/", modelUploadsRouter)
    .route("/", modelsRouter)
    .route("/", catalogRouter)
    .route("/", calibrationsRouter)
    .route("/", priceRouter)
    .route("/", quotesRouter)
    .route("/", productsRouter)
    .route("/", configurationsRouter)
    .route("/", jobsRouter)
    .route("/", engineeringRouter)
    .route("/", webhookSourcesRouter)
    .route("/", webhookEndpointsRouter)
    .route("/", webhookEventsRouter)
    .route("/", webhookDlqRouter)
    .route("/", paymentsRouter)
    .route("/", specificationsRouter)
    .route("/", cuttingListsRouter)
    .route("/", businessRouter)
    .route("/", shippingRouter)
    .route("/", termsRouter)
    .route("/", ordersRouter)
    .route("/", manufacturingOrdersRouter)
    .route("/", qcCheckpointsRouter)
    .route("/", lotsRouter)
    .route("/", consumptionsRouter)
    .route("/", traceabilityRouter)
    .route("/", productionScheduleRouter)
    .route("/", shipmentsRouter);

  api.doc31("/openapi.json", { ...OPENAPI, security: [{ apiKey: [] }, { session: [] }] });
  api.get("/docs", (c) => c.html(renderDocsPage(api.getOpenAPI31Document(OPENAPI) as never)));
  return api;
}
