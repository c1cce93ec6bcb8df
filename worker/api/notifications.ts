import { z } from "@hono/zod-openapi";
import type { BatchItem } from "drizzle-orm/batch";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, jsonResponse, listEnvelope, ok, okList } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { IdParam, iso, ListQuery } from "./schemas.ts";
import { listNotifications, markRead, preferencesOf, setPreferenceStatement, unreadCount, type Notification } from "../db/notifications.ts";
import { NOTIFICATION_TYPES } from "../db/schema/index.ts";
import type { Scope } from "../db/scope.ts";
import { personOf } from "../middleware/auth.ts";
import { scopeOf } from "../middleware/tenant.ts";
import { OPTIONAL_TYPES, TYPE_LABELS, type OptionalType } from "../notifications/events.ts";
import { readUnsubscribeToken } from "../notifications/unsubscribe-token.ts";

const NotificationView = z
  .object({
    id: z.string(),
    type: z.enum(NOTIFICATION_TYPES),
    title: z.string(),
    body: z.string(),
    path: z.string().openapi({ description: "The page it is about, on this host" }),
    read: z.boolean(),
    created_at: z.string(),
  })
  .openapi("Notification");

const present = (n: Notification) => ({
  id: n.id,
  type: n.type,
  title: n.title,
  body: n.body,
  path: n.path,
  read: n.read_at !== null,
  created_at: iso(n.created_at)!,
});

const OptionalTypeSchema = z.enum(OPTIONAL_TYPES);
const Preference = z
  .object({
    type: OptionalTypeSchema,
    label: z.string(),
    email: z.boolean().openapi({ description: "Sent by e-mail" }),
    in_app: z.boolean().openapi({ description: "Listed in the app (the bell)" }),
  })
  .openapi("NotificationPreference");
const Preferences = z.object({ preferences: z.array(Preference) }).openapi("NotificationPreferences");

const TokenQuery = z.object({
  token: z
    .string()
    .min(1, "is required")
    .max(1000)
    .openapi({ description: "The token of the e-mail's unsubscribe link", param: { name: "token", in: "query" } }),
});
const Unsubscription = z
  .object({ type: OptionalTypeSchema, label: z.string(), email: z.boolean().openapi({ description: "Whether these e-mails are still sent" }) })
  .openapi("Unsubscription");

const routes = {
  list: defineRoute({
    permission: "session",
    method: "get",
    path: "/",
    tags: ["Notifications"],
    summary: "My notifications, newest first (or only the unread ones)",
    request: {
      query: ListQuery.extend({
        unread_only: z
          .enum(["true", "false"])
          .optional()
          .transform((v) => v === "true")
          .openapi({ description: "Only those not read yet" }),
      }),
    },
    responses: { 200: { description: "Notifications", content: { "application/json": { schema: listEnvelope(NotificationView) } } }, ...errorResponses(400) },
  }),
  unread: defineRoute({
    permission: "session",
    method: "get",
    path: "/unread-count",
    tags: ["Notifications"],
    summary: "How many of my notifications are unread (the bell)",
    responses: { 200: jsonResponse("Unread count", z.object({ unread_count: z.number().int() }).openapi("UnreadCount")) },
  }),
  read: defineRoute({
    permission: "session",
    method: "post",
    path: "/{id}/read",
    tags: ["Notifications"],
    summary: "Mark one of my notifications read",
    request: { params: IdParam },
    responses: { 200: jsonResponse("The notification", NotificationView) },
  }),
  unsubscribeCheck: defineRoute({
    permission: "public",
    method: "get",
    path: "/unsubscribe",
    tags: ["Notifications"],
    summary: "What an e-mail's unsubscribe link stops (changes nothing; no sign-in)",
    request: { query: TokenQuery },
    responses: { 200: jsonResponse("The e-mails the link is for", Unsubscription), ...errorResponses(400, 403) },
  }),
  unsubscribe: defineRoute({
    permission: "public",
    method: "post",
    path: "/unsubscribe",
    tags: ["Notifications"],
    summary: "Stop one kind of notification e-mail, with the e-mail's link (no sign-in; RFC 8058 one-click)",
    request: { query: TokenQuery },
    responses: { 200: jsonResponse("Unsubscribed", Unsubscription), ...errorResponses(400, 403) },
  }),
};

export const notificationsRouter = createRouter()
  .openapi(routes.list, async (c) => {
    const { limit, cursor, unread_only } = c.req.valid("query");
    const { data, pagination } = await listNotifications(scopeOf(c), personOf(c).userId, { limit, cursor }, unread_only);
    return okList(c, data.map(present), pagination);
  })
  .openapi(routes.unread, async (c) => ok(c, { unread_count: await unreadCount(scopeOf(c), personOf(c).userId) }))
  .openapi(routes.read, async (c) => {
    const row = await markRead(scopeOf(c), personOf(c).userId, c.req.valid("param").id, Date.now());
    if (!row) throw notFound("Notification");
    return ok(c, present(row));
  })
  .openapi(routes.unsubscribeCheck, async (c) => {
    const scope = scopeOf(c);
    const claims = await claimsOf(c.env, scope, c.req.valid("query").token);
    const [pref] = await preferencesFor(scope, claims.userId, [claims.type]);
    return ok(c, { type: claims.type, label: TYPE_LABELS[claims.type], email: pref.email });
  })
  .openapi(routes.unsubscribe, async (c) => {
    const scope = scopeOf(c);
    const claims = await claimsOf(c.env, scope, c.req.valid("query").token);
    const [pref] = await preferencesFor(scope, claims.userId, [claims.type]);
    await setPreferenceStatement(scope, claims.userId, claims.type, { email: false, in_app: pref.in_app }, Date.now());
    return ok(c, { type: claims.type, label: TYPE_LABELS[claims.type], email: false });
  });

/** A token this shop signed for one of its people; anything else is refused and changes nothing. */
async function claimsOf(env: Parameters<typeof readUnsubscribeToken>[0], scope: Scope, token: string) {
  const claims = await readUnsubscribeToken(env, scope.tenantId, token);
  if (!claims)
    throw new ApiError("FORBIDDEN", "This unsubscribe link is not valid. Open the link from the e-mail again, or change your settings after signing in.", [
      { field: "token", message: "is not a valid unsubscribe link" },
    ]);
  return claims;
}

/** A person's choices for `types`, each on (both channels) unless they turned it off. */
async function preferencesFor(scope: Scope, userId: string, types: readonly OptionalType[]) {
  const rows = await preferencesOf(scope, [userId]);
  return types.map((type) => {
    const row = rows.find((r) => r.type === type);
    return { type, label: TYPE_LABELS[type], email: row?.email ?? true, in_app: row?.in_app ?? true };
  });
}

const preferenceRoutes = {
  get: defineRoute({
    permission: "session",
    method: "get",
    path: "/",
    tags: ["Notifications"],
    summary: "Which notifications I get, by e-mail and in the app",
    responses: { 200: jsonResponse("My choices", Preferences) },
  }),
  patch: defineRoute({
    permission: "session",
    method: "patch",
    path: "/",
    tags: ["Notifications"],
    summary: "Choose which notifications I get (types not named keep their setting)",
    request: {
      body: {
        content: {
          "application/json": {
            schema: z
              .object({
                preferences: z
                  .array(z.object({ type: OptionalTypeSchema, email: z.boolean().optional(), in_app: z.boolean().optional() }))
                  .min(1, "name at least one type")
                  .max(OPTIONAL_TYPES.length),
              })
              .openapi("NotificationPreferencesPatch"),
          },
        },
      },
    },
    responses: { 200: jsonResponse("My choices", Preferences), ...errorResponses(400) },
  }),
};

export const notificationPreferencesRouter = createRouter()
  .openapi(preferenceRoutes.get, async (c) => ok(c, { preferences: await preferencesFor(scopeOf(c), personOf(c).userId, OPTIONAL_TYPES) }))
  .openapi(preferenceRoutes.patch, async (c) => {
    const scope = scopeOf(c);
    const userId = personOf(c).userId;
    const changes = c.req.valid("json").preferences;
    const types = changes.map((p) => p.type);
    const repeated = types.find((t, i) => types.indexOf(t) !== i);
    if (repeated)
      throw new ApiError("VALIDATION_ERROR", `${TYPE_LABELS[repeated]} is named twice`, [
        { field: "preferences", message: "names a type twice", value: repeated },
      ]);
    const current = await preferencesFor(scope, userId, types);
    const now = Date.now();
    const statements = changes.map((change, i) =>
      setPreferenceStatement(scope, userId, change.type, { email: change.email ?? current[i].email, in_app: change.in_app ?? current[i].in_app }, now),
    );
    await scope.db.batch(statements as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    return ok(c, { preferences: await preferencesFor(scope, userId, OPTIONAL_TYPES) });
  });
