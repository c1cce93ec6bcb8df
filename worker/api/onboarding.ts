import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import { createRouter } from "./router.ts";
import { errorResponses, jsonResponse, ok } from "./envelope.ts";
import { onboardingFacts } from "../db/onboarding.ts";
import { scopeOf, tenantOf } from "../middleware/tenant.ts";
import { onboardingSteps } from "../shop/onboarding.ts";

const Onboarding = z
  .object({
    steps: z.array(
      z.object({
        code: z.string(),
        label: z.string(),
        done: z.boolean(),
        path: z.string().nullable().openapi({ description: "The admin page where the step is done; null while only the API does it" }),
      }),
    ),
  })
  .openapi("Onboarding");

const routes = {
  get: defineRoute({
    permission: "settings:write",
    method: "get",
    path: "/",
    tags: ["Shop"],
    summary: "A new shop's checklist: each step done when the shop's data says so",
    responses: { 200: jsonResponse("The checklist", Onboarding), ...errorResponses(401, 403, 404) },
  }),
};

export const onboardingRouter = createRouter().openapi(routes.get, async (c) =>
  ok(c, { steps: onboardingSteps(tenantOf(c), await onboardingFacts(scopeOf(c))) }),
);
