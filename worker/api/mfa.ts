import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, jsonResponse, ok } from "./envelope.ts";
import { ApiError } from "./errors.ts";
import type { TenantEnv } from "./context.ts";
import { checkSecondFactor, newRecoveryCodes, openTotpSecret, recoveryCodeHash, sealTotpSecret } from "../auth/second-factor.ts";
import { newTotpSecret, otpauthUri, totpStep } from "../auth/totp.ts";
import { audit } from "../db/audit.ts";
import { confirmTotp, findTotp, recoveryCodesLeft, removeTotp, startTotp } from "../db/mfa.ts";
import { enforceRateLimit } from "../middleware/rate-limit.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { personOf } from "../middleware/auth.ts";

const Code = z.string().trim().min(1, "is required").max(40).openapi({ example: "492039" });
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

const MfaStatus = z
  .object({ enabled: z.boolean(), recovery_codes_left: z.number().int().openapi({ description: "Unused recovery codes; 0 when MFA is off" }) })
  .openapi("MfaStatus");

const routes = {
  status: defineRoute({
    permission: "session",
    method: "get",
    path: "/",
    tags: ["Auth"],
    summary: "Whether two-step sign-in is on for me, and how many recovery codes are left",
    responses: { 200: jsonResponse("Status", MfaStatus), ...errorResponses(401, 403) },
  }),
  enrol: defineRoute({
    permission: "session",
    method: "post",
    path: "/totp",
    tags: ["Auth"],
    summary: "Start enrolling an authenticator app: the secret and its otpauth:// URI (show it as a QR code); nothing changes until it is confirmed",
    responses: {
      200: jsonResponse("The secret to enter in the app", z.object({ secret: z.string(), otpauth_uri: z.string() }).openapi("TotpEnrolment")),
      ...errorResponses(401, 403, 409, 429),
    },
  }),
  confirm: defineRoute({
    permission: "session",
    method: "post",
    path: "/totp/confirm",
    tags: ["Auth"],
    summary: "Confirm enrolment with a code from the app: two-step sign-in is on, and the one-time recovery codes are shown once",
    request: { body: json(z.strictObject({ code: Code }).openapi("TotpConfirm")) },
    responses: {
      200: jsonResponse("On", z.object({ recovery_codes: z.array(z.string()) }).openapi("RecoveryCodes")),
      ...errorResponses(400, 401, 403, 409, 422, 429),
    },
  }),
  disable: defineRoute({
    permission: "session",
    method: "delete",
    path: "/totp",
    tags: ["Auth"],
    summary: "Turn two-step sign-in off with a current code (or a recovery code); refused (409) when the shop requires it of me",
    request: { body: json(z.strictObject({ code: Code }).openapi("TotpDisable")) },
    responses: { 200: jsonResponse("Off", MfaStatus), ...errorResponses(400, 401, 403, 409, 422, 429) },
  }),
};

const wrongCode = () =>
  new ApiError("UNPROCESSABLE_ENTITY", "That code is wrong or was used already", [{ field: "code", message: "is wrong or was used already" }]);

async function audited(c: Context<TenantEnv>, userId: string, action: string) {
  await audit(scopeOf(c), { actor_type: "user", actor_id: userId, action, target_type: "user", target_id: userId, request_id: c.get("requestId") });
}

export const mfaRouter = createRouter()
  .openapi(routes.status, async (c) => {
    const user = personOf(c);
    const scope = scopeOf(c);
    const totp = await findTotp(scope, user.userId);
    const enabled = !!totp?.confirmed_at;
    return ok(c, { enabled, recovery_codes_left: enabled ? await recoveryCodesLeft(scope, user.userId) : 0 });
  })
  .openapi(routes.enrol, async (c) => {
    const user = personOf(c);
    await enforceRateLimit(c.env.AUTH_LIMITER, [`mfa:${tenantOf(c).id}:${user.userId}`]);
    const scope = scopeOf(c);
    const secret = newTotpSecret();
    if (!(await startTotp(scope, user.userId, await sealTotpSecret(c.env, scope, secret))))
      throw new ApiError("CONFLICT", "Two-step sign-in is already on; turn it off first to move it to another device", [{ field: "totp", message: "is on" }]);
    return ok(c, { secret, otpauth_uri: otpauthUri(secret, tenantOf(c).name, user.email ?? user.userId) }, 200);
  })
  .openapi(routes.confirm, async (c) => {
    const user = personOf(c);
    await enforceRateLimit(c.env.AUTH_LIMITER, [`mfa:${tenantOf(c).id}:${user.userId}`]);
    const scope = scopeOf(c);
    const totp = await findTotp(scope, user.userId);
    if (!totp)
      throw new ApiError("CONFLICT", "Start enrolling first: there is no authenticator secret to confirm", [{ field: "totp", message: "is not started" }]);
    if (totp.confirmed_at) throw new ApiError("CONFLICT", "Two-step sign-in is already on", [{ field: "totp", message: "is on" }]);
    const step = totpStep(await openTotpSecret(c.env, scope, totp.secret_enc), c.req.valid("json").code.replace(/\s/g, ""), Date.now());
    const codes = newRecoveryCodes();
    if (step === null || !(await confirmTotp(scope, user.userId, step, await Promise.all(codes.map(recoveryCodeHash))))) throw wrongCode();
    await audited(c, user.userId, "user.mfa_enabled");
    return ok(c, { recovery_codes: codes });
  })
  .openapi(routes.disable, async (c) => {
    const user = personOf(c);
    await enforceRateLimit(c.env.AUTH_LIMITER, [`mfa:${tenantOf(c).id}:${user.userId}`]);
    const scope = scopeOf(c);
    const totp = await findTotp(scope, user.userId);
    if (!totp?.confirmed_at) throw new ApiError("CONFLICT", "Two-step sign-in is not on", [{ field: "totp", message: "is off" }]);
    if (user.mfa.required)
      throw new ApiError("CONFLICT", "This shop requires two-step sign-in for your account, so it cannot be turned off", [
        { field: "totp", message: "is required by the shop" },
      ]);
    if (!(await checkSecondFactor(c.env, scope, user.userId, c.req.valid("json").code, Date.now()))) throw wrongCode();
    await removeTotp(scope, user.userId);
    await audited(c, user.userId, "user.mfa_disabled");
    return ok(c, { enabled: false, recovery_codes_left: 0 });
  });
