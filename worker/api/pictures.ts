import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { TenantEnv } from "./context.ts";
import { errorResponses } from "./envelope.ts";

/** The OpenAPI responses of a route answering with a server-drawn PNG picture. */
export const pictureResponses = {
  200: { description: "The picture", content: { "image/png": { schema: z.any().openapi({ type: "string", format: "binary" }) } } },
  ...errorResponses(401, 404),
};

/** A picture for its viewer's browser to keep a day; never sniffed as anything but a PNG. */
export const picture = (c: Context<TenantEnv>, body: ReadableStream | Uint8Array<ArrayBuffer>) =>
  c.body(body, 200, { "content-type": "image/png", "x-content-type-options": "nosniff", "cache-control": "private, max-age=86400" });
