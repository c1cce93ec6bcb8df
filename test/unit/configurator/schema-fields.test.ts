import { describe, expect, it } from "vitest";
import { conform, describeFields, placeErrors, type Config, type FieldSpec } from "../../../app/configurator/schema-fields.ts";
import { initialConfig, starterOf, suggestColours, type Product } from "../../../app/configurator/product.ts";
import { doorFamily, validateConfiguration } from "../../../engine/products/index.ts";

const product: Product = {
  id: "p1",
  name: "Door",
  description: null,
  generator_key: doorFamily.key,
  family: doorFamily.name,
  schema_version: 1,
  config_schema: doorFamily.schema,
  params: {},
};
const door = initialConfig(product);
const fields = (config: Config) => describeFields(doorFamily.schema, config, suggestColours);
const field = (config: Config, pointer: string) => {
  const all = (list: FieldSpec[]): FieldSpec[] => list.flatMap((f) => (f.kind === "group" ? [f, ...all(f.fields)] : [f]));
  return all(fields(config)).find((f) => f.pointer === pointer);
};

describe("the door schema as form fields", () => {
  it("starts from a valid configuration", () => {
    expect(validateConfiguration(doorFamily, door)).toEqual({ valid: true, errors: [] });
  });

  it("reads widgets, labels and units from the schema", () => {
    expect(field(door, "/frame_width")).toEqual({
      kind: "number",
      pointer: "/frame_width",
      label: "Frame width",
      unit: "mm",
      required: true,
      integer: false,
      min: 600,
      max: 1088,
    });
    // The range follows the door type: two leaves of 500–1000 mm need 1076–2076 mm of frame, within the system's 2000.
    expect(field({ ...door, door_type: "double" }, "/frame_width")).toMatchObject({ min: 1076, max: 2000 });
    expect(field(door, "/finish")).toMatchObject({
      kind: "enum",
      options: [
        { value: "powder_coating", label: "Powder coating" },
        { value: "anodised", label: "Anodised" },
        { value: "mill", label: "Mill" },
      ],
    });
    expect(field(door, "/hardware")).toMatchObject({ kind: "group", label: "Hardware" });
    expect(field(door, "/hardware/hinges_per_leaf")).toMatchObject({ kind: "number", integer: true, required: false });
  });

  it("applies the if/then rules that hold now: a RAL code for powder coating, shades for anodised, nothing for mill", () => {
    expect(field(door, "/color")).toMatchObject({ kind: "text", required: true, pattern: "^RAL [0-9]{4}$" });
    expect(field({ ...door, finish: "anodised" }, "/color")).toMatchObject({
      kind: "enum",
      required: true,
      options: expect.arrayContaining([{ value: "champagne", label: "Champagne" }]),
    });
    expect(field({ ...door, finish: "mill" }, "/color")).toBeUndefined();
  });

  it("keeps the configuration in step with the rules as the finish changes", () => {
    const starter = starterOf(product);
    const anodised = conform(doorFamily.schema, { ...door, finish: "anodised" }, starter, "/finish");
    expect(anodised.color).toBe("natural");
    const mill = conform(doorFamily.schema, { ...anodised, finish: "mill" }, starter, "/finish");
    expect("color" in mill).toBe(false);
    const powder = conform(doorFamily.schema, { ...mill, finish: "powder_coating" }, starter, "/finish");
    expect(powder.color).toBe("RAL 7016");
    expect(validateConfiguration(doorFamily, powder).valid).toBe(true);
    // What the visitor is typing is never replaced under them.
    const { color: _, ...typing } = powder;
    expect(conform(doorFamily.schema, typing, starter, "/color")).toBe(typing);
  });

  it("places errors on their fields, worded with the field's range", () => {
    const wide = { ...door, frame_width: 2300 };
    const { placed, unplaced } = placeErrors(validateConfiguration(doorFamily, wide).errors, fields(wide), wide);
    expect(placed).toEqual({ "/frame_width": "Must be between 600 and 1088 mm." });
    expect(unplaced).toEqual([]);
    const narrowDouble = { ...door, door_type: "double", frame_width: 1000 };
    expect(placeErrors(validateConfiguration(doorFamily, narrowDouble).errors, fields(narrowDouble), narrowDouble).placed).toEqual({
      "/frame_width": "Must be between 1076 and 2000 mm.",
    });
    const heavy = { ...door, frame_width: 1080, frame_height: 2400, glazing_type: "triple", glazing_thickness: 56 };
    expect(placeErrors(validateConfiguration(doorFamily, heavy).errors, fields(heavy), heavy).placed["/glazing_type"]).toMatch(/^Leaf weight .* exceeds 75 kg/);
    expect(placeErrors([{ field: "/", message: "must not have extra properties" }], fields(door), door).unplaced).toEqual(["Must not have extra properties."]);
  });
});
