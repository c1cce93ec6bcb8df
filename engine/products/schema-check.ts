import { EngineError, type EngineErrorDetail } from "../errors.ts";
import type { JsonSchema } from "./types.ts";

/**
 * Is a tenant's `config_schema` a usable JSON Schema (2020-12) for a product?
 * @cfworker/json-schema validates instances but does not check schemas, and
 * ships no meta-schema, so this checks the keywords we rely on have the
 * right shapes, the patterns compile, and the root describes an object.
 * Throws 422 INVALID_PRODUCT_SCHEMA naming the offending path.
 */
const TYPES = new Set(["array", "boolean", "integer", "null", "number", "object", "string"]);
const SCHEMA_KEYS = ["items", "not", "if", "then", "else", "additionalProperties", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems"];
const SCHEMA_MAP_KEYS = ["properties", "patternProperties", "$defs", "dependentSchemas"];
const SCHEMA_LIST_KEYS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const NUMBER_KEYS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];
const COUNT_KEYS = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minContains", "maxContains"];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

export function checkProductSchema(schema: unknown): JsonSchema {
  const issues: EngineErrorDetail[] = [];
  const fail = (path: string, message: string, value?: unknown) => issues.push({ field: `/config_schema${path}`, message, value });

  const visit = (s: unknown, path: string): void => {
    if (typeof s === "boolean") return;
    if (!isObject(s)) return void fail(path, "a schema must be an object or a boolean", s);
    if ("type" in s) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (types.length === 0 || !types.every((t) => typeof t === "string" && TYPES.has(t))) fail(`${path}/type`, "unknown type", s.type);
    }
    for (const k of SCHEMA_KEYS) if (k in s) visit(s[k], `${path}/${k}`);
    for (const k of SCHEMA_MAP_KEYS) {
      if (!(k in s)) continue;
      if (!isObject(s[k])) fail(`${path}/${k}`, "must be an object of schemas", s[k]);
      else for (const [name, sub] of Object.entries(s[k])) visit(sub, `${path}/${k}/${name}`);
    }
    for (const k of SCHEMA_LIST_KEYS) {
      if (!(k in s)) continue;
      const list = s[k];
      if (!Array.isArray(list) || list.length === 0) fail(`${path}/${k}`, "must be a non-empty array of schemas", list);
      else list.forEach((sub, i) => visit(sub, `${path}/${k}/${i}`));
    }
    if ("required" in s && !(Array.isArray(s.required) && s.required.every((r) => typeof r === "string"))) {
      fail(`${path}/required`, "must be an array of property names", s.required);
    }
    if ("enum" in s && !Array.isArray(s.enum)) fail(`${path}/enum`, "must be an array", s.enum);
    for (const k of NUMBER_KEYS) if (k in s && typeof s[k] !== "number") fail(`${path}/${k}`, "must be a number", s[k]);
    for (const k of COUNT_KEYS) if (k in s && !(Number.isInteger(s[k]) && (s[k] as number) >= 0)) fail(`${path}/${k}`, "must be an integer ≥ 0", s[k]);
    if ("multipleOf" in s && !(typeof s.multipleOf === "number" && s.multipleOf > 0)) fail(`${path}/multipleOf`, "must be a number > 0", s.multipleOf);
    if ("pattern" in s) {
      try {
        new RegExp(String(s.pattern), "u");
      } catch {
        fail(`${path}/pattern`, "is not a valid regular expression", s.pattern);
      }
    }
  };

  if (!isObject(schema)) fail("", "must be a JSON Schema object", schema);
  else {
    if (schema.type !== "object") fail("/type", 'a product configuration schema must have type "object"', schema.type);
    if ("$schema" in schema && schema.$schema !== "https://json-schema.org/draft/2020-12/schema") {
      fail("/$schema", "only JSON Schema 2020-12 is supported", schema.$schema);
    }
    visit(schema, "");
  }
  if (issues.length > 0) throw new EngineError("INVALID_PRODUCT_SCHEMA", "The product schema is not a valid JSON Schema", 422, issues);
  return schema as JsonSchema;
}
