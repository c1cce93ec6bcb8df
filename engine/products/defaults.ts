import { Validator } from "@cfworker/json-schema";
import type { JsonSchema } from "./types.ts";

/**
 * Fills the fields a configuration leaves out with the product's defaults:
 * the `default` keyword of each property in the product's JSON Schema (the
 * shop's own schema version, so a shop sets its own defaults), including the
 * defaults of `if/then/else` branches that hold for the configuration — a
 * triple unit defaults to another thickness than a double one, a powder coat
 * to a RAL colour. Properties are filled in schema order, so a default that
 * depends on another field sees that field's final value. Nested objects
 * (hardware) are filled the same way. Nothing the caller gave is changed.
 */
export interface DefaultsResult {
  config: Record<string, unknown>;
  /** Dotted field paths that took a default, in schema order: `opening_direction`, `hardware.lock`. */
  defaults_applied: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const validators = new WeakMap<JsonSchema, Validator>();
function holds(condition: JsonSchema, value: unknown): boolean {
  let v = validators.get(condition);
  if (!v) {
    v = new Validator(condition, "2020-12", false);
    validators.set(condition, v);
  }
  return v.validate(value).valid;
}

/** The property schemas of an object schema with the branches of its `allOf` conditions that hold for `value` merged in. */
function effectiveProperties(schema: JsonSchema, value: Record<string, unknown>): Record<string, JsonSchema> {
  const props: Record<string, JsonSchema> = {};
  for (const [k, s] of Object.entries(isObject(schema.properties) ? schema.properties : {})) if (isObject(s)) props[k] = s;
  const branches = [schema, ...(Array.isArray(schema.allOf) ? schema.allOf : [])].filter(isObject);
  for (const b of branches) {
    if (!isObject(b.if)) continue;
    const branch = holds(b.if, value) ? b.then : b.else;
    if (!isObject(branch) || !isObject(branch.properties)) continue;
    for (const [k, s] of Object.entries(branch.properties)) if (isObject(s) && k in props) props[k] = { ...props[k], ...s };
  }
  return props;
}

function fill(schema: JsonSchema, given: Record<string, unknown>, path: string[], applied: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...given };
  for (const key of Object.keys(isObject(schema.properties) ? schema.properties : {})) {
    const prop = effectiveProperties(schema, out)[key];
    if (!prop) continue;
    const at = [...path, key];
    if (out[key] === undefined && prop.default !== undefined) {
      out[key] = JSON.parse(JSON.stringify(prop.default)); // a JSON value: copied so no two configurations share it
      applied.push(at.join("."));
    } else if (isObject(prop.properties) && (out[key] === undefined || isObject(out[key]))) {
      const before = applied.length;
      const inner = fill(prop, (out[key] as Record<string, unknown> | undefined) ?? {}, at, applied);
      // An object left out altogether appears only if some of it took a default.
      if (out[key] !== undefined || applied.length > before) out[key] = inner;
    }
  }
  return out;
}

export function applyDefaults(schema: JsonSchema, config: unknown): DefaultsResult {
  if (!isObject(config)) return { config: config as Record<string, unknown>, defaults_applied: [] };
  const defaults_applied: string[] = [];
  return { config: fill(schema, config, [], defaults_applied), defaults_applied };
}
