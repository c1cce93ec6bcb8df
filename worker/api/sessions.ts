import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, jsonResponse, ok } from "./envelope.ts";
import { notFound } from "./errors.ts";
import { readSessionToken } from "../auth/session-cookie.ts";
import { sha256Hex } from "../auth/tokens.ts";
import { audit } from "../db/audit.ts";
import { endSession, sessionsOf } from "../db/sessions.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { personOf } from "../middleware/auth.ts";
import { iso } from "./schemas.ts";

const SessionView = z
  .object({
    id: z.string(),
    user_agent: z.string().nullable().openapi({ description: "The browser it was started in, as it named itself" }),
    created_at: z.string(),
    last_seen_at: z.string().nullable().openapi({ description: "To within a few minutes" }),
    current: z.boolean().openapi({ description: "The session making this request" }),
  })
  .openapi("Session");

const routes = {
  list: defineRoute({
    permission: "session",
    method: "get",
    path: "/",
    tags: ["Auth"],
    summary: "My signed-in sessions (device, last seen), to sign out the ones I do not recognise",
    responses: { 200: jsonResponse("Sessions", z.array(SessionView)), ...errorResponses(401, 403) },
  }),
  end: defineRoute({
    permission: "session",
    method: "delete",
    path: "/{id}",
    tags: ["Auth"],
    summary: "Sign out one of my sessions, at once",
    request: {
      params: z.object({
        id: z
          .string()
          .min(1)
          .max(64)
          .openapi({ param: { name: "id", in: "path" } }),
      }),
    },
    responses: { 200: jsonResponse("Signed out", z.object({ signed_out: z.boolean() })), ...errorResponses(401, 403, 404) },
  }),
};

export const sessionsRouter = createRouter()
  .openapi(routes.list, async (c) => {
    const user = personOf(c);
    const token = readSessionToken(c);
    const current = token ? await sha256Hex(token) : null;
    const rows = await sessionsOf(scopeOf(c), user.userId, Date.now());
    return ok(
      c,
      rows
        .filter((r) => r.id !== null)
        .map((r) => ({
          id: r.id!,
          user_agent: r.user_agent,
          created_at: new Date(r.created_at).toISOString(),
          last_seen_at: iso(r.last_seen_at),
          current: r.token_hash === current,
        })),
    );
  })
  .openapi(routes.end, async (c) => {
    const user = personOf(c);
    const { id } = c.req.valid("param");
    if (!(await endSession(scopeOf(c), user.userId, id))) throw notFound("Session");
    await audit(scopeOf(c), {
      actor_type: "user",
      actor_id: user.userId,
      action: "user.session_ended",
      data: { session_id: id },
      request_id: c.get("requestId"),
    });
    return ok(c, { signed_out: true });
  });
