import createClient from "openapi-fetch";
import type { components, paths } from "./schema.d.ts";

/**
 * A client typed by the API's own OpenAPI document (app/api/schema.d.ts,
 * `npm run api:types`): paths, parameters, bodies and responses are checked
 * by the compiler against what the server declares.
 */
export const createApiClient = (options: { baseUrl?: string; fetch?: typeof fetch } = {}) =>
  createClient<paths>({ baseUrl: options.baseUrl ?? "/api/v1", fetch: options.fetch });

export type ApiClient = ReturnType<typeof createApiClient>;

/** The API's named response schemas (`Quote`, `Model`, `Configuration`, …). */
export type Schemas = components["schemas"];
export type Quote = Schemas["Quote"];
export type QuoteItem = Schemas["QuoteItem"];
export type Model = Schemas["Model"];
export type Product = Schemas["Product"];
export type Configuration = Schemas["Configuration"];
export type Order = Schemas["Order"];
