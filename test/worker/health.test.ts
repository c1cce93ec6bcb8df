import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("answers health on the root host", async () => {
  const res = await exports.default.fetch("http://localhost/api/v1/health");
  expect(res.status).toBe(200);
  const body = await res.json<{ success: boolean; data: { status: string } }>();
  expect(body.data.status).toBe("ok");
});
