/** The D1 schema, one file per area; drizzle-kit reads them all (drizzle.config.ts). */
export * from "./core.ts";
export * from "./quotes.ts";
export * from "./products.ts";
export * from "./webhooks.ts";
export * from "./production.ts";
export * from "./lots.ts";
export * from "./drawings.ts";
export * from "./checkout.ts";
export * from "./projects.ts";
export * from "./notifications.ts";
export * from "./messages.ts";
