import { data } from "react-router";
import { sendApi } from "../api/client.ts";
import { formFailure, text, type FormFailure } from "./forms.ts";
import type { WebhookEndpoint } from "./webhooks.ts";

export type EndpointActionResult = { notice: string; tested?: string; secret?: string } | { failure: FormFailure; intent: string };

/** The endpoint actions shared by the list and the endpoint's page: test, enable, disable, rotate, delete. */
export async function endpointAction(args: Parameters<typeof sendApi>[0], form: FormData) {
  const intent = text(form, "intent");
  const id = text(form, "id");
  const path = `/webhooks/endpoints/${encodeURIComponent(id)}`;
  const refused = (result: { status: number; error: Parameters<typeof formFailure>[0] }) =>
    data<EndpointActionResult>({ failure: formFailure(result.error, {}), intent }, { status: result.status });
  if (intent === "test") {
    const result = await sendApi<{ event_id: string }>(args, `${path}/test`);
    if (!result.ok) return refused(result);
    return data<EndpointActionResult>({ notice: `Test event ${result.data.event_id} is on its way.`, tested: id }, { status: 202 });
  }
  if (intent === "enable" || intent === "disable") {
    const result = await sendApi<WebhookEndpoint>(args, path, { enabled: intent === "enable" }, "PATCH");
    if (!result.ok) return refused(result);
    return data<EndpointActionResult>({
      notice:
        intent === "enable"
          ? `Enabled ${result.data.url}; its circuit breaker is reset.`
          : `Disabled ${result.data.url}. Nothing is sent to it until you enable it.`,
    });
  }
  if (intent === "rotate") {
    const result = await sendApi<WebhookEndpoint & { secret?: string }>(args, path, { rotate_secret: true }, "PATCH");
    if (!result.ok) return refused(result);
    return data<EndpointActionResult>({ notice: "New signing secret issued. Deliveries are signed with it from now on.", secret: result.data.secret });
  }
  if (intent === "delete") {
    const result = await sendApi<{ id: string }>(args, path, undefined, "DELETE");
    if (!result.ok) return refused(result);
    return data<EndpointActionResult>({ notice: "Endpoint deleted." });
  }
  throw data("Unknown action", { status: 400 });
}
