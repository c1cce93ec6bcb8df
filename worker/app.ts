import { Hono } from "hono";
import type { AppEnv, TenantEnv } from "./api/context.ts";
import { createApi } from "./api/index.ts";
import { apiKeyRateLimit } from "./middleware/api-key-limit.ts";
import { authenticate } from "./middleware/auth.ts";
import { onError, onNotFound } from "./middleware/errors.ts";
import { requestContext } from "./middleware/request-context.ts";
import { requireTenant, tenantFromHost } from "./middleware/tenant.ts";
import { receiveWebhook } from "./webhooks/receive.ts";
import { internalShardsRouter } from "./internal/shards.ts";

/** The Hono app behind /api and /webhooks. */
export function createApp() {
  const app = new Hono<AppEnv>();
  app.use("*", requestContext, tenantFromHost, authenticate, apiKeyRateLimit);
  app.route("/api/v1", createApi());
  app.use("/webhooks/*", requireTenant);
  app.route("/webhooks", new Hono<TenantEnv>().post("/:source", receiveWebhook));
  app.route("/internal/shards", internalShardsRouter);
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
