import { Validator } from "@cfworker/json-schema";
import { EngineError } from "../errors.ts";
import { applyDefaults, type DefaultsResult } from "./defaults.ts";
import type { JsonSchema, ProductFamily, ValidationIssue } from "./types.ts";

/** Keywords that only report that something below them failed; the leaf error says what. */
const WRAPPERS = new Set([
  "allOf",
  "if",
  "then",
  "else",
  "properties",
  "additionalProperties",
  "items",
  "prefixItems",
  "$ref",
  "$dynamicRef",
  "dependentSchemas",
  "unevaluatedProperties",
]);

const validators = new WeakMap<JsonSchema, Validator>();

/** Range keywords worded for people: "must be at most 1088" rather than "1870 is greater than 1088." */
const BOUNDS: Record<string, string> = {
  minimum: "must be at least",
  maximum: "must be at most",
  exclusiveMinimum: "must be greater than",
  exclusiveMaximum: "must be less than",
};

/** The value a JSON pointer names in a configuration (undefined when it names nothing). */
function valueAt(config: unknown, pointer: string): unknown {
  let v = config;
  for (const key of pointer.split("/").filter(Boolean)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return v;
}

/** Structural validation by the product's JSON Schema (2020-12), errors with JSON-pointer field paths. */
export function validateBySchema(schema: JsonSchema, config: unknown): ValidationIssue[] {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator(schema, "2020-12", false);
    validators.set(schema, validator);
  }
  const result = validator.validate(config);
  if (result.valid) return [];
  // A value outside both the system's range and a narrower one (a door type's) is reported by the narrower bound only.
  const tightest = new Map<string, number>();
  for (const e of result.errors) {
    const n = Number(/(-?\d+(?:\.\d+)?)\.?$/.exec(e.error)?.[1]);
    const key = `${e.instanceLocation} ${e.keyword}`;
    if (!(e.keyword in BOUNDS) || !Number.isFinite(n)) continue;
    const seen = tightest.get(key);
    const upper = e.keyword.endsWith("aximum");
    if (seen === undefined || (upper ? n < seen : n > seen)) tightest.set(key, n);
  }
  return result.errors
    .filter((e) => !WRAPPERS.has(e.keyword))
    .map((e) => {
      const at = e.instanceLocation.replace(/^#/, "");
      // A missing property is reported on its parent; name the property itself.
      const missing = e.keyword === "required" ? /"([^"]+)"/.exec(e.error)?.[1] : undefined;
      if (missing !== undefined) return { field: `${at}/${missing}`, message: "is required" };
      const value = valueAt(config, at);
      const choices = e.keyword === "enum" ? /any of (\[.*\])\.?$/.exec(e.error)?.[1] : undefined;
      if (choices !== undefined) return { field: at, message: `must be one of ${(JSON.parse(choices) as unknown[]).join(", ")}`, value };
      const bound = tightest.get(`${e.instanceLocation} ${e.keyword}`);
      const message = e.keyword === "false" ? "is not allowed here" : bound !== undefined ? `${BOUNDS[e.keyword]} ${bound}` : e.error;
      return { field: at || "/", message, ...(value === undefined ? {} : { value }) };
    })
    .filter((issue, i, all) => all.findIndex((o) => o.field === issue.field && o.message === issue.message) === i);
}

/** What validation needs of a family, whatever its parameters. */
type FamilyRules<C> = Pick<ProductFamily<C, unknown, unknown>, "name" | "schema" | "validate">;

export interface ConfigurationValidation {
  valid: boolean;
  errors: ValidationIssue[];
}

/**
 * Everything a configuration must pass, shared by the browser and the Worker:
 * the product's schema (a tenant's stored version, else the family's), then —
 * only on a structurally valid configuration — the family's cross-field rules.
 */
export function validateConfiguration<C>(family: FamilyRules<C>, config: unknown, schema: JsonSchema = family.schema): ConfigurationValidation {
  const structural = validateBySchema(schema, config);
  if (structural.length > 0) return { valid: false, errors: structural };
  const rules = family.validate(config as C);
  return { valid: rules.length === 0, errors: rules };
}

/**
 * A configuration as given (the seed's examples name only some fields) made
 * whole with the product's defaults from `schema` (the shop's version, else
 * the family's); `defaults_applied` says which fields took one.
 */
export const completeConfiguration = <C>(family: Pick<FamilyRules<C>, "schema">, config: unknown, schema: JsonSchema = family.schema): DefaultsResult =>
  applyDefaults(schema, config);

/** validateConfiguration, throwing the API's VALIDATION_ERROR (400) with every field at fault. */
export function assertValidConfiguration<C>(family: FamilyRules<C>, config: unknown, schema?: JsonSchema): C {
  const { valid, errors } = validateConfiguration(family, config, schema);
  if (!valid) {
    throw new EngineError("VALIDATION_ERROR", `Invalid ${family.name} configuration`, 400, errors);
  }
  return config as C;
}
