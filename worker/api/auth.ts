import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import type { Context } from "hono";
import { createRouter } from "./router.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError } from "./errors.ts";
import type { TenantEnv } from "./context.ts";
import { Email, Name, Password, Role } from "./schemas.ts";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "../auth/passwords.ts";
import {
  MFA_CHALLENGE_TTL_MS,
  SESSION_TTL_MS,
  clearMfaCookie,
  clearSessionCookie,
  readMfaToken,
  readSessionToken,
  writeMfaCookie,
  writeSessionCookie,
} from "../auth/session-cookie.ts";
import { checkSecondFactor } from "../auth/second-factor.ts";
import { createChallenge, endChallenge, failChallenge, findChallenge, findTotp } from "../db/mfa.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import { audit } from "../db/audit.ts";
import { clearGuestSession, guestSessionHash } from "../auth/guest.ts";
import { actingGuestHash, claimGuestSession } from "../db/guest-links.ts";
import { isUniqueViolation } from "../db/scope.ts";
import { createSession, deleteSession } from "../db/sessions.ts";
import { findUser, findUserByEmail, registerCustomerUser, setPasswordHash, type User } from "../db/users.ts";
import { setPasswordWithToken, tokenState } from "../db/password-tokens.ts";
import { consumeSignInToken } from "../db/sign-in-tokens.ts";
import { recordLoginFailure } from "../auth/login-throttle.ts";
import { clientIp, enforceRateLimit } from "../middleware/rate-limit.ts";
import { tenantOf, scopeOf } from "../middleware/tenant.ts";

const SignedIn = z.object({ user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: Role }) }).openapi("SignedIn");
const MfaRequired = z
  .object({
    mfa_required: z
      .literal(true)
      .openapi({ description: "The password was right; send a code from the authenticator app (or a recovery code) to POST /auth/mfa" }),
  })
  .openapi("MfaRequired");

const Register = z.strictObject({ email: Email, password: Password, name: Name, company: Name.optional() }).openapi("Register");
const Registered = z.object({ message: z.string() }).openapi("Registered");
const Login = z.strictObject({ email: Email, password: z.string().min(1).max(200) }).openapi("Login");
const SetPassword = z.strictObject({ token: z.string().min(1).max(200), password: Password }).openapi("SetPassword");

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });
const signedIn = (description: string) => ({ description, content: { "application/json": { schema: envelope(SignedIn) } } });
const signedInOrMfa = {
  description: "Signed in, or waiting for the second factor",
  content: { "application/json": { schema: envelope(z.union([SignedIn, MfaRequired])) } },
};

const register = defineRoute({
  permission: "public",
  method: "post",
  path: "/register",
  tags: ["Auth"],
  summary: "Create a customer account (and its company); then sign in. The answer is the same whether or not the e-mail already has an account",
  request: { body: json(Register) },
  responses: {
    202: { description: "Received (the account is created if the e-mail is new)", content: { "application/json": { schema: envelope(Registered) } } },
    ...errorResponses(400, 403, 404, 413, 415, 429),
  },
});

const login = defineRoute({
  permission: "public",
  method: "post",
  path: "/login",
  tags: ["Auth"],
  summary: "Sign in with e-mail and password; an account with two-step sign-in answers `mfa_required` and signs in at POST /auth/mfa",
  request: { body: json(Login) },
  responses: {
    200: signedInOrMfa,
    ...errorResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

const secondFactor = defineRoute({
  permission: "public",
  method: "post",
  path: "/mfa",
  tags: ["Auth"],
  summary: "Finish a sign-in that answered mfa_required: a current code from the authenticator app, or a recovery code (each works once)",
  request: { body: json(z.strictObject({ code: z.string().trim().min(1, "is required").max(40) }).openapi("SecondFactor")) },
  responses: { 200: signedIn("Signed in"), ...errorResponses(400, 401, 403, 404, 413, 415, 429) },
});

/** Wrong codes a waiting sign-in takes before it must start again with the password. */
const MFA_TRIES = 5;

const logout = defineRoute({
  permission: "public",
  method: "post",
  path: "/logout",
  tags: ["Auth"],
  summary: "Sign out (ends this session)",
  responses: {
    200: { description: "Signed out", content: { "application/json": { schema: envelope(z.object({ signed_out: z.boolean() })) } } },
    ...errorResponses(403, 404),
  },
});

const signInLink = defineRoute({
  permission: "public",
  method: "post",
  path: "/sign-in-link",
  tags: ["Auth"],
  summary: "Sign in with a one-use link (the sign_in_url a shop's sign-up returns)",
  request: { body: json(z.strictObject({ token: z.string().min(1).max(200) }).openapi("SignInLink")) },
  responses: { 200: signedInOrMfa, ...errorResponses(400, 403, 404, 413, 415, 429) },
});

const setPassword = defineRoute({
  permission: "public",
  method: "post",
  path: "/set-password",
  tags: ["Auth"],
  summary: "Set a password with a one-time invitation token (from customer.portal_access_granted) and sign in",
  request: { body: json(SetPassword) },
  responses: { 200: signedInOrMfa, ...errorResponses(400, 403, 404, 413, 415, 429) },
});

/** Signs the user in; what this browser made as a guest (parts, configurations, saved quotes) moves to the account. */
async function startSession(c: Context<TenantEnv>, user: { id: string; customer_id: string | null }) {
  const scope = scopeOf(c);
  const token = randomToken();
  await createSession(scope, {
    token_hash: await sha256Hex(token),
    user_id: user.id,
    expires_at: Date.now() + SESSION_TTL_MS,
    user_agent: c.req.header("user-agent")?.slice(0, 300) ?? null,
  });
  writeSessionCookie(c, token);
  const guest = await guestSessionHash(c, false);
  if (guest) {
    await claimGuestSession(scope, await actingGuestHash(scope, guest), user.id, user.customer_id);
    clearGuestSession(c);
  }
}

/**
 * The first factor is proven: sign in, or — for an account with two-step
 * sign-in — wait for its code (a challenge cookie for a few minutes) and say so.
 */
async function signInOrChallenge(c: Context<TenantEnv>, user: User, via: string) {
  const scope = scopeOf(c);
  if ((await findTotp(scope, user.id))?.confirmed_at) {
    const challenge = randomToken();
    await createChallenge(scope, { token_hash: await sha256Hex(challenge), user_id: user.id, expires_at: Date.now() + MFA_CHALLENGE_TTL_MS });
    writeMfaCookie(c, challenge);
    await audit(scope, { actor_type: "user", actor_id: user.id, action: "user.first_factor_accepted", data: { via }, request_id: c.get("requestId") });
    return ok(c, { mfa_required: true as const }, 200);
  }
  await startSession(c, user);
  await audit(scope, { actor_type: "user", actor_id: user.id, action: "user.signed_in", data: { via }, request_id: c.get("requestId") });
  return ok(c, { user: { id: user.id, email: user.email, name: user.name, role: user.role } }, 200);
}

/** Why an invitation link does nothing, said to the person who opened it (the link is no field they can correct). */
const LINK_REFUSALS = {
  used: ["This invitation link has been used already. Sign in with your e-mail and password.", "was used already"],
  expired: ["This invitation link has expired. Ask for a new invitation.", "has expired"],
  unknown: ["This invitation link is not valid. Ask for a new invitation.", "is not a valid invitation"],
} as const;

const refusedLink = (why: keyof typeof LINK_REFUSALS) =>
  new ApiError("VALIDATION_ERROR", LINK_REFUSALS[why][0], [{ field: "token", message: LINK_REFUSALS[why][1] }]);

const limitKeys = (c: Context<TenantEnv>, tenantId: string, email: string) => [`auth:ip:${clientIp(c.req.raw)}`, `auth:email:${tenantId}:${email}`];

export const authRouter = createRouter()
  .openapi(register, async (c) => {
    const tenant = tenantOf(c);
    const body = c.req.valid("json");
    await enforceRateLimit(c.env.AUTH_LIMITER, limitKeys(c, tenant.id, body.email));
    const scope = scopeOf(c);
    // The same answer at the same cost whether or not the e-mail has an account (staff included),
    // so registration says nothing about who is registered; the reason stays in the audit log.
    const passwordHash = await hashPassword(body.password);
    const existing = await findUserByEmail(scope, body.email);
    let taken = existing?.id ?? null;
    if (!existing) {
      try {
        await registerCustomerUser(scope, { ...body, password_hash: passwordHash }, c.get("requestId"));
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        taken = (await findUserByEmail(scope, body.email))?.id ?? null; // registered meanwhile
      }
    }
    if (taken) {
      const data = { reason: "e-mail already registered", ip: clientIp(c.req.raw) };
      await audit(scope, {
        actor_type: "guest",
        actor_id: null,
        action: "user.registration_refused",
        target_type: "user",
        target_id: taken,
        data,
        request_id: c.get("requestId"),
      });
    }
    return ok(
      c,
      {
        message:
          "Thank you. If this e-mail is new here, your account is ready: sign in with it and your password. If it already has an account, sign in with that account's password.",
      },
      202,
    );
  })
  .openapi(login, async (c) => {
    const { email, password } = c.req.valid("json");
    // Per IP only: a per-account limit would let anyone lock the account out (see recordLoginFailure).
    await enforceRateLimit(c.env.AUTH_LIMITER, [`auth:ip:${clientIp(c.req.raw)}`]);
    const scope = scopeOf(c);
    const user = await findUserByEmail(scope, email);
    // Verify against a decoy when the e-mail is unknown: same answer, same cost.
    const valid = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
    if (!user || !valid) {
      await recordLoginFailure(scope, email, user ?? null, clientIp(c.req.raw), c.get("requestId"));
      throw new ApiError("UNAUTHORIZED", "E-mail or password is wrong");
    }
    if (needsRehash(user.password_hash)) await setPasswordHash(scope, user.id, await hashPassword(password));
    return signInOrChallenge(c, user, "password");
  })
  .openapi(secondFactor, async (c) => {
    await enforceRateLimit(c.env.AUTH_LIMITER, [`auth:ip:${clientIp(c.req.raw)}`]);
    const scope = scopeOf(c);
    const now = Date.now();
    const token = readMfaToken(c);
    const tokenHash = token ? await sha256Hex(token) : null;
    const challenge = tokenHash ? await findChallenge(scope, tokenHash, now) : undefined;
    const user = challenge && (await findUser(scope, challenge.user_id));
    if (!tokenHash || !challenge || !user) {
      clearMfaCookie(c);
      throw new ApiError("UNAUTHORIZED", "This sign-in has expired or was not started here; sign in with your e-mail and password again");
    }
    const via = await checkSecondFactor(c.env, scope, user.id, c.req.valid("json").code, now);
    if (!via) {
      await failChallenge(scope, tokenHash, MFA_TRIES);
      await audit(scope, {
        actor_type: "user",
        actor_id: user.id,
        action: "user.mfa_failed",
        data: { ip: clientIp(c.req.raw) },
        request_id: c.get("requestId"),
      });
      throw new ApiError("UNAUTHORIZED", "That code is wrong or was used already", [{ field: "code", message: "is wrong or was used already" }]);
    }
    // One code, one session: a second request racing with the same challenge finds it ended.
    if (!(await endChallenge(scope, tokenHash))) throw new ApiError("UNAUTHORIZED", "This sign-in has already finished; sign in again");
    clearMfaCookie(c);
    await startSession(c, user);
    await audit(scope, { actor_type: "user", actor_id: user.id, action: "user.signed_in", data: { via: `mfa_${via}` }, request_id: c.get("requestId") });
    return ok(c, { user: { id: user.id, email: user.email, name: user.name, role: user.role } }, 200);
  })
  .openapi(signInLink, async (c) => {
    await enforceRateLimit(c.env.AUTH_LIMITER, [`auth:ip:${clientIp(c.req.raw)}`]);
    const scope = scopeOf(c);
    const userId = await consumeSignInToken(scope, await sha256Hex(c.req.valid("json").token), Date.now());
    const user = userId && (await findUser(scope, userId));
    if (!user)
      throw new ApiError("VALIDATION_ERROR", "This sign-in link is used or expired; sign in with your e-mail and password", [
        { field: "token", message: "is used or expired" },
      ]);
    return signInOrChallenge(c, user, "sign_in_link");
  })
  .openapi(setPassword, async (c) => {
    const { token, password } = c.req.valid("json");
    await enforceRateLimit(c.env.AUTH_LIMITER, [`auth:ip:${clientIp(c.req.raw)}`]);
    const scope = scopeOf(c);
    const now = Date.now();
    const tokenHash = await sha256Hex(token);
    const link = await tokenState(scope, tokenHash, now);
    const user = link.state === "live" ? await findUser(scope, link.userId) : undefined;
    if (!user) throw refusedLink(link.state === "live" ? "unknown" : link.state);
    // Hashed before the token is used, so a failure leaves the token usable; a token used meanwhile changes nothing.
    if (!(await setPasswordWithToken(scope, tokenHash, user.id, await hashPassword(password), now))) throw refusedLink("used");
    await audit(scope, { actor_type: "user", actor_id: user.id, action: "user.password_set", request_id: c.get("requestId") });
    return signInOrChallenge(c, user, "invitation");
  })
  .openapi(logout, async (c) => {
    const token = readSessionToken(c);
    if (token) await deleteSession(scopeOf(c), await sha256Hex(token));
    clearSessionCookie(c);
    return ok(c, { signed_out: true }, 200);
  });
