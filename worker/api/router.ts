import { OpenAPIHono } from "@hono/zod-openapi";
import type { RequestEnv, TenantEnv } from "./context.ts";
import { validationHook } from "../middleware/errors.ts";

/**
 * A router for one resource: zod validation failures become VALIDATION_ERROR envelopes. Resources
 * of a shop are TenantEnv (the default): their handlers see a non-null scope and no raw database.
 */
export const createRouter = <E extends RequestEnv = TenantEnv>() => new OpenAPIHono<E>({ defaultHook: validationHook });
