import { beforeAll, describe, expect, it } from "vitest";
import { door } from "./fixtures.ts";
import { type Client, createTenant, data, expectError, registerCustomer } from "./helpers.ts";

/*
 * The SPW600e rules (issue 5, "Rules"), each broken on its own through the
 * API: the configuration is refused with VALIDATION_ERROR and the field path
 * at fault. Leaf sizes by hand: leaf width = (frame width − 2 × 52 frame face
 * + 2 × 8 lap [+ 12 meeting-stile overlap]) / leaves; leaf height = frame
 * height − 61 (standard threshold).
 */

type Change = Record<string, unknown>;
const hardware = (change: Change) => ({ hardware: { ...door.hardware, ...change } });

const BROKEN: [rule: string, change: Change, field: string, message?: RegExp][] = [
  ["frame width below 600 mm", { frame_width: 599 }, "config.frame_width"],
  ["frame width above 2000 mm", { door_type: "double", frame_width: 2001 }, "config.frame_width"],
  ["frame height below 1800 mm", { frame_height: 1799 }, "config.frame_height"],
  ["frame height above 2400 mm", { frame_height: 2401 }, "config.frame_height"],
  // (1100 − 104 + 16) = 1012 mm: a single door's frame is at most 1000 + 104 − 16 = 1088 mm
  ["a single leaf wider than 1000 mm", { frame_width: 1100 }, "config.frame_width", /must be at most 1088/],
  // (1000 − 104 + 16 + 12) / 2 = 462 mm leaves: a double door's frame is at least 2 × 500 + 104 − 16 − 12 = 1076 mm
  ["double-door leaves narrower than 500 mm", { door_type: "double", frame_width: 1000 }, "config.frame_width", /must be at least 1076/],
  // (2000 − 104 + 16 + 12) / 2 = 962 mm per leaf, more than a size-3 closer closes (950 mm, EN 1154)
  [
    "double-door leaf width (meeting stile) over the closer's limit",
    { door_type: "double", frame_width: 2000, ...hardware({ closer: "overhead_size_3" }) },
    "config.hardware.closer",
    /this leaf is 962 mm/,
  ],
  // 992 × 2339 mm leaf with a triple unit: 79.0 kg
  [
    "a leaf heavier than 75 kg",
    { frame_width: 1080, frame_height: 2400, glazing_type: "triple", glazing_thickness: 44 },
    "config.glazing_type",
    /leaf weight 79\.0 kg .* exceeds 75 kg/,
  ],
  // 2200 − 61 = 2139 mm > 2100 mm
  [
    "two hinges on a leaf over 2100 mm high",
    { frame_height: 2200, ...hardware({ hinges_per_leaf: 2 }) },
    "config.hardware.hinges_per_leaf",
    /2139 mm high leaf needs 3 hinges/,
  ],
  ["more hinges than the system has", hardware({ hinges_per_leaf: 5 }), "config.hardware.hinges_per_leaf"],
  ["glazing thinner than 28 mm", { glazing_thickness: 27 }, "config.glazing_thickness"],
  ["glazing thicker than 56 mm", { glazing_thickness: 57 }, "config.glazing_thickness"],
  ["a glazing U_g of 0", { glazing_u_value: 0 }, "config.glazing_u_value"],
  ["a glazing U_g above 6", { glazing_u_value: 6.5 }, "config.glazing_u_value"],
  ["unknown door type", { door_type: "revolving" }, "config.door_type"],
  ["unknown opening direction", { opening_direction: "sideways" }, "config.opening_direction"],
  ["unknown glazing type", { glazing_type: "single" }, "config.glazing_type"],
  ["unknown spacer", { spacer: "wood" }, "config.spacer"],
  ["unknown threshold", { threshold: "none" }, "config.threshold"],
  ["unknown finish", { finish: "chrome" }, "config.finish"],
  ["unknown hinge", hardware({ hinges: "piano" }), "config.hardware.hinges"],
  ["unknown lock", hardware({ lock: "padlock" }), "config.hardware.lock"],
  ["unknown handles", hardware({ handles: "knob" }), "config.hardware.handles"],
  ["unknown closer", hardware({ closer: "overhead_size_9" }), "config.hardware.closer"],
  ["powder coating in a colour that is not RAL", { color: "blue" }, "config.color"],
  ["anodised in a RAL colour", { finish: "anodised", color: "RAL 7016" }, "config.color"],
  ["mill finish with a colour", { finish: "mill" }, "config.color"],
  ["a field the door does not have", { sidelight: true }, "config.sidelight"],
];

/** The fixture door with a change; `undefined` removes the field. */
function broken(change: Change) {
  const config: Change = { ...door, ...change };
  for (const [k, v] of Object.entries(config)) if (v === undefined) delete config[k];
  return config;
}

describe("SPW600e door rules, one at a time", () => {
  let customer: Client;
  let productId: string;
  beforeAll(async () => {
    const t = await createTenant();
    productId = (await data<{ id: string }>(t.owner.post("/api/v1/products", { name: "SPW600e door", generator_key: "spw600e-door" }), 201)).id;
    customer = (await registerCustomer(t.host)).client;
  });

  it("accepts the limits themselves", async () => {
    for (const change of [
      { frame_width: 600, frame_height: 1800, glazing_thickness: 28 },
      { door_type: "double", frame_width: 2000, frame_height: 2400, glazing_thickness: 56 },
      { door_type: "double", frame_width: 1900, ...hardware({ closer: "overhead_size_3" }) }, // (1900 − 76) / 2 = 912 mm leaves
      { frame_width: 1080, frame_height: 2400, glazing_type: "double", glazing_thickness: 44 }, // the heavy leaf, double glazed
      // Left out, these take the product's defaults (RAL 9016; standard hinges, 3-point lock, lever handles, no closer).
      { color: undefined },
      { hardware: undefined },
    ]) {
      await data(customer.post("/api/v1/configurations", { product_id: productId, config: broken(change) }), 201);
    }
  });

  it.each(BROKEN)("refuses %s", async (_rule, change, field, message) => {
    const body = await expectError(customer.post("/api/v1/configurations", { product_id: productId, config: broken(change) }), 400, "VALIDATION_ERROR", field);
    if (message) expect(body.error.details.find((d) => d.field === field)?.message).toMatch(message);
  });

  it("saved only the valid configurations", async () => {
    expect(await data<unknown[]>(customer.get("/api/v1/configurations"))).toHaveLength(6);
  });
});
