import { Hono } from "hono";
import { z } from "@hono/zod-openapi";
import type { AppEnv } from "../api/context.ts";
import { ok } from "../api/envelope.ts";
import { ApiError } from "../api/errors.ts";
import { sha256Hex } from "../auth/tokens.ts";
import { abortMove, confirmMove, moveStep } from "../db/shard-move.ts";
import { requireRoot } from "../middleware/tenant.ts";

/**
 * The platform operator's shard moves (`npm run shard:move`; docs/decisions/0061-sharding.md): on
 * the root host, with `Authorization: Bearer <PLATFORM_TOKEN>` (a secret). Not part of the public
 * API, so not in the OpenAPI document; without the secret the path does not exist.
 *
 * `move` makes one step of the move within the step's query budget and answers `status: "copying"`
 * with its progress until the call that switches the map answers `done` (decision 74): the caller
 * calls again until then. `abort` gives up a move under way; `confirm` deletes a finished move's old copy.
 * `tenant` is the shop's id or slug.
 */
const Move = z.strictObject({ tenant: z.string().min(1), shard: z.number().int() });
/** Names the tenant only: `confirm` and `abort`. */
const Confirm = z.strictObject({ tenant: z.string().min(1) });

const operator = async (c: { env: AppEnv["Bindings"]; req: { header(name: string): string | undefined } }) => {
  const token = c.env.PLATFORM_TOKEN;
  if (!token) throw new ApiError("NOT_FOUND", "Not found");
  const given = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
  // Compared as digests, so the comparison takes the same time whatever matches.
  if ((await sha256Hex(given)) !== (await sha256Hex(token))) throw new ApiError("UNAUTHORIZED", "The platform token is missing or wrong");
};

async function body<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await req.json().catch(() => undefined));
  if (parsed.success) return parsed.data;
  throw new ApiError(
    "VALIDATION_ERROR",
    "The request body is not valid",
    parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message })),
  );
}

export const internalShardsRouter = new Hono<AppEnv>()
  .use("*", requireRoot)
  .post("/move", async (c) => {
    await operator(c);
    const input = await body(c.req.raw, Move);
    return ok(c, await moveStep(c.env, input.tenant, input.shard));
  })
  .post("/abort", async (c) => {
    await operator(c);
    const input = await body(c.req.raw, Confirm);
    return ok(c, await abortMove(c.env, input.tenant));
  })
  .post("/confirm", async (c) => {
    await operator(c);
    const input = await body(c.req.raw, Confirm);
    return ok(c, await confirmMove(c.env, input.tenant));
  });
