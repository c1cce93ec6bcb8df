import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context.ts";
import { validationHook } from "../middleware/errors.ts";

/** A router for one resource: zod validation failures become VALIDATION_ERROR envelopes. */
export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
