import type { AppEnv } from "./context.ts";
import { createRouter } from "./router.ts";
import { renderDocsPage } from "./docs-page.ts";
import { apiKeysRouter } from "./api-keys.ts";
import { authRouter } from "./auth.ts";
import { customersRouter } from "./customers.ts";
import { companyMembersRouter } from "./company-members.ts";
import { companyRouter } from "./company.ts";
import { projectsRouter } from "./projects.ts";
import { messageAttachmentsRouter, messagesRouter, projectMessagesRouter, quoteMessagesRouter } from "./messages.ts";
import { portalRouter } from "./portal.ts";
import { healthRouter } from "./health.ts";
import { meRouter } from "./me.ts";
import { mfaRouter } from "./mfa.ts";
import { sessionsRouter } from "./sessions.ts";
import { modelsRouter } from "./models.ts";
import { modelUploadsRouter } from "./model-uploads.ts";
import { modelCadUploadsRouter } from "./model-cad-uploads.ts";
import { catalogRouter, priceBooksRouter } from "./catalog.ts";
import { calibrationsRouter } from "./calibrations.ts";
import { priceRouter } from "./price.ts";
import { quotesRouter } from "./quotes.ts";
import { productsRouter } from "./products.ts";
import { configurationsRouter } from "./configurations.ts";
import { jobsRouter } from "./jobs.ts";
import { drawingsRouter } from "./drawings.ts";
import { documentsRouter } from "./documents.ts";
import { engineeringRouter } from "./engineering.ts";
import { tenantsRouter } from "./tenants.ts";
import { usersRouter } from "./users.ts";
import { staffRouter } from "./staff.ts";
import { webhookSourcesRouter } from "./webhook-sources.ts";
import { webhookEndpointsRouter } from "./webhook-endpoints.ts";
import { webhookEventsRouter } from "./webhook-events.ts";
import { webhookDlqRouter } from "./webhook-dlq.ts";
import { paymentsRouter, quotePaymentsRouter } from "./payments.ts";
import { technicalPackagesRouter } from "./technical-packages.ts";
import { specificationsRouter } from "./specifications.ts";
import { cuttingListsRouter } from "./cutting-lists.ts";
import { businessRouter } from "./business.ts";
import { onboardingRouter } from "./onboarding.ts";
import { shippingRouter, tenantShippingMethodsRouter } from "./shipping.ts";
import { termsRouter } from "./terms.ts";
import { checkoutsRouter, companyAddressesRouter } from "./checkouts.ts";
import { ordersRouter } from "./orders.ts";
import { manufacturingOrdersRouter } from "./manufacturing-orders.ts";
import { qcCheckpointsRouter } from "./qc-checkpoints.ts";
import { lotsRouter } from "./lots.ts";
import { materialsRouter } from "./materials.ts";
import { consumptionsRouter } from "./consumptions.ts";
import { epcisRouter, lotTraceRouter, manufacturingOrderTraceRouter, orderTraceRouter, unitTraceRouter } from "./traceability.ts";
import { productionScheduleRouter, workCentresRouter } from "./production-schedule.ts";
import { analyticsRouter } from "./analytics.ts";
import { productionSettingsRouter } from "./production-settings.ts";
import { tenantSecurityRouter } from "./tenant-security.ts";
import { tenantDomainsRouter } from "./tenant-domains.ts";
import { brandingRouter, logoRouter } from "./branding.ts";
import { orderShipmentsRouter, shipmentsRouter } from "./shipments.ts";
import { notificationPreferencesRouter, notificationsRouter } from "./notifications.ts";

/** Paths in the document are relative to `servers`, so generated clients call /api/v1/… on the shop's host. */
const OPENAPI = { openapi: "3.1.0", info: { title: "Fabquote API", version: "1.0.0" }, servers: [{ url: "/api/v1" }] };

/** The /api/v1 router: one sub-router per resource. */
export function createApi() {
  const api = createRouter<AppEnv>();
  api.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer", description: "fq_… API key" });
  api.openAPIRegistry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "__Host-fq_session" });

  api
    .route("/", healthRouter)
    .route("/tenants", tenantsRouter)
    .route("/tenant/business", businessRouter)
    .route("/tenant/onboarding", onboardingRouter)
    .route("/tenant/shipping-methods", tenantShippingMethodsRouter)
    .route("/tenant/work-centres", workCentresRouter)
    .route("/tenant/production", productionSettingsRouter)
    .route("/tenant/security", tenantSecurityRouter)
    .route("/tenant/domains", tenantDomainsRouter)
    .route("/tenant/branding", brandingRouter)
    .route("/logo", logoRouter)
    .route("/auth", authRouter)
    .route("/me", meRouter)
    .route("/me/mfa", mfaRouter)
    .route("/me/sessions", sessionsRouter)
    .route("/me/notification-preferences", notificationPreferencesRouter)
    .route("/notifications", notificationsRouter)
    .route("/users", usersRouter)
    .route("/staff", staffRouter)
    .route("/customers", customersRouter)
    .route("/api-keys", apiKeysRouter)
    .route("/models", modelUploadsRouter)
    .route("/models", modelCadUploadsRouter)
    .route("/models", modelsRouter)
    .route("/catalog", catalogRouter)
    .route("/price-books/calibrations", calibrationsRouter)
    .route("/price-books", priceBooksRouter)
    .route("/price", priceRouter)
    .route("/quotes", quotesRouter)
    .route("/quotes", quotePaymentsRouter)
    .route("/quotes", technicalPackagesRouter)
    .route("/quotes", quoteMessagesRouter)
    .route("/products", productsRouter)
    .route("/configurations", configurationsRouter)
    .route("/jobs", jobsRouter)
    .route("/drawings", drawingsRouter)
    .route("/documents", documentsRouter)
    .route("/engineering", engineeringRouter)
    .route("/webhooks", webhookEventsRouter)
    .route("/webhooks/sources", webhookSourcesRouter)
    .route("/webhooks/endpoints", webhookEndpointsRouter)
    .route("/webhooks/dlq", webhookDlqRouter)
    .route("/payments", paymentsRouter)
    .route("/specifications", specificationsRouter)
    .route("/shipping-methods", shippingRouter)
    .route("/terms", termsRouter)
    .route("/company/addresses", companyAddressesRouter)
    .route("/company/members", companyMembersRouter)
    .route("/company", companyRouter)
    .route("/projects", projectsRouter)
    .route("/projects", projectMessagesRouter)
    .route("/messages", messagesRouter)
    .route("/message-attachments", messageAttachmentsRouter)
    .route("/portal", portalRouter)
    .route("/checkouts", checkoutsRouter)
    .route("/orders", ordersRouter)
    .route("/orders", cuttingListsRouter)
    .route("/orders", orderShipmentsRouter)
    .route("/orders", orderTraceRouter)
    .route("/shipments", shipmentsRouter)
    .route("/manufacturing-orders", manufacturingOrdersRouter)
    .route("/manufacturing-orders", qcCheckpointsRouter)
    .route("/manufacturing-orders", consumptionsRouter)
    .route("/manufacturing-orders", manufacturingOrderTraceRouter)
    .route("/materials", materialsRouter)
    .route("/lots", lotsRouter)
    .route("/lots", lotTraceRouter)
    .route("/units", unitTraceRouter)
    .route("/traceability/epcis", epcisRouter)
    .route("/production/schedule", productionScheduleRouter)
    .route("/analytics", analyticsRouter);

  api.doc31("/openapi.json", { ...OPENAPI, security: [{ apiKey: [] }, { session: [] }] });
  api.get("/docs", (c) => c.html(renderDocsPage(api.getOpenAPI31Document(OPENAPI) as never)));
  return api;
}
