import { z } from "@hono/zod-openapi";
import { defineRoute } from "./route.ts";
import type { Context } from "hono";
import { createRouter } from "./router.ts";
import type { TenantEnv } from "./context.ts";
import { envelope, errorResponses, ok } from "./envelope.ts";
import { ApiError, notFound } from "./errors.ts";
import { Id, IdParam, iso } from "./schemas.ts";
import { visibleConfiguration } from "./configurations.ts";
import { findJob, insertJob, transitionJob, updateJob, type Job } from "../db/products.ts";
import { JOB_STATUSES } from "../db/schema/index.ts";
import { scopeOf } from "../middleware/tenant.ts";

const JobView = z
  .object({
    id: z.string(),
    configuration_id: z.string(),
    kind: z.literal("glb"),
    status: z.enum(JOB_STATUSES),
    progress: z.number().int(),
    attempts: z.number().int(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    result_url: z.string().nullable(),
    result_bytes: z.number().int().nullable(),
    created_at: z.string().nullable(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
  })
  .openapi("Job");
const response = (description: string) => ({ description, content: { "application/json": { schema: envelope(JobView) } } });

const present = (j: Job) => ({
  id: j.id,
  configuration_id: j.configuration_id,
  kind: j.kind,
  status: j.status,
  progress: j.progress,
  attempts: j.attempts,
  error_code: j.error_code,
  error_message: j.error_message,
  result_url: j.status === "COMPLETED" ? `/api/v1/jobs/${j.id}/result` : null,
  result_bytes: j.result_bytes,
  created_at: iso(j.created_at),
  started_at: iso(j.started_at),
  finished_at: iso(j.finished_at),
});

/** A job is visible to whoever may see its configuration. */
async function visibleJob(c: Context<TenantEnv>, id: string) {
  const job = await findJob(scopeOf(c), id);
  if (!job) throw notFound("Job");
  try {
    await visibleConfiguration(c, job.configuration_id);
  } catch (e) {
    if (e instanceof ApiError && e.code === "NOT_FOUND") throw notFound("Job");
    throw e;
  }
  return job;
}

const routes = {
  create: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/",
    tags: ["Jobs"],
    summary: "Generate a configuration's 3D model (GLB) in the background",
    request: {
      body: {
        content: { "application/json": { schema: z.strictObject({ configuration_id: Id, kind: z.literal("glb") }).openapi("CreateJob") } },
        required: true,
      },
    },
    responses: { 202: response("Queued"), ...errorResponses(400, 401, 404, 413, 415) },
  }),
  get: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}",
    tags: ["Jobs"],
    summary: "A job's status and progress: PENDING → QUEUED → PROCESSING → COMPLETED | FAILED | CANCELLED",
    request: { params: IdParam },
    responses: { 200: response("Job"), ...errorResponses(401, 404) },
  }),
  cancel: defineRoute({
    permission: "quotes:write",
    guest: true,
    method: "post",
    path: "/{id}/cancel",
    tags: ["Jobs"],
    summary: "Cancel a job that has not finished",
    request: { params: IdParam },
    responses: { 200: response("Cancelled"), ...errorResponses(401, 404, 409) },
  }),
  result: defineRoute({
    permission: "quotes:read",
    guest: true,
    method: "get",
    path: "/{id}/result",
    tags: ["Jobs"],
    summary: "The generated GLB",
    request: { params: IdParam },
    responses: {
      200: { description: "GLB", content: { "model/gltf-binary": { schema: z.any().openapi({ type: "string", format: "binary" }) } } },
      ...errorResponses(401, 404, 409),
    },
  }),
};

export const jobsRouter = createRouter()
  .openapi(routes.create, async (c) => {
    const { configuration_id, kind } = c.req.valid("json");
    const conf = await visibleConfiguration(c, configuration_id);
    const scope = scopeOf(c);
    const id = await insertJob(scope, conf.id, kind);
    await c.env.JOBS_QUEUE.send({ kind: "job.run", tenant_id: scope.tenantId, job_id: id, configuration_id: conf.id });
    await updateJob(scope, id, { status: "QUEUED" });
    return ok(c, present((await findJob(scope, id))!), 202);
  })
  .openapi(routes.get, async (c) => ok(c, present(await visibleJob(c, c.req.valid("param").id))))
  .openapi(routes.cancel, async (c) => {
    const job = await visibleJob(c, c.req.valid("param").id);
    if (!(await transitionJob(scopeOf(c), job.id, ["PENDING", "QUEUED", "PROCESSING"], { status: "CANCELLED", finished_at: Date.now() }))) {
      const now = (await findJob(scopeOf(c), job.id))!;
      throw new ApiError("CONFLICT", `The job is already ${now.status}`, [{ field: "status", message: `is ${now.status}`, value: now.status }]);
    }
    return ok(c, present((await findJob(scopeOf(c), job.id))!));
  })
  .openapi(routes.result, async (c) => {
    const job = await visibleJob(c, c.req.valid("param").id);
    if (job.status !== "COMPLETED" || !job.result_key)
      throw new ApiError("CONFLICT", `The job is ${job.status}; its model is not ready`, [{ field: "status", message: `is ${job.status}` }]);
    const object = await c.env.FILES.get(job.result_key);
    if (!object) throw notFound("Generated model");
    return c.body(object.body as unknown as ReadableStream, 200, { "content-type": "model/gltf-binary", "cache-control": "private, max-age=3600" });
  });
