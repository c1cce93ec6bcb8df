import { describe, expect, it } from "vitest";
import { OUTBOUND_EVENT_TYPES } from "../../../app/lib/webhooks.ts";
import { OUTBOUND_TYPES } from "../../../worker/webhooks/outbound-events.ts";

describe("the admin UI's list of outbound event types", () => {
  it("is the API's list, in the same order", () => {
    expect([...OUTBOUND_EVENT_TYPES]).toEqual([...OUTBOUND_TYPES]);
  });
});
