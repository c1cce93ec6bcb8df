import { Validator } from "@cfworker/json-schema";
import type { JsonSchema } from "../../engine/products/index.ts";

/**
 * Turns a product's JSON Schema into the fields a form shows, for the current
 * configuration: the `if/then/else` rules that apply right now narrow, require
 * or forbid properties (powder coating asks for a RAL colour, mill finish has
 * none), so the form only offers what the schema would accept.
 */

export type Config = Record<string, unknown>;

interface FieldBase {
  /** JSON pointer into the configuration, as validation errors name it: `/hardware/closer`. */
  pointer: string;
  label: string;
  required: boolean;
  /** The product's default (the schema's `default`), taken when the field is left empty. */
  default?: unknown;
}

export interface EnumOption {
  value: string | number;
  label: string;
}

export type FieldSpec =
  | (FieldBase & { kind: "enum"; options: EnumOption[] })
  | (FieldBase & { kind: "number"; integer: boolean; min?: number; max?: number; unit?: string })
  | (FieldBase & { kind: "boolean" })
  | (FieldBase & { kind: "text"; pattern?: string; suggestions?: EnumOption[] })
  | (FieldBase & { kind: "group"; fields: FieldSpec[] });

type Schema = JsonSchema;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** "powder_coating" → "Powder coating". */
export const humanize = (key: string) => {
  const words = key.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Lengths are in mm unless a name says otherwise (the API's convention). */
const LENGTH_KEY = /(^|_)(width|height|depth|length|thickness)$/;

/** "Frame width (mm)" → label "Frame width", unit "mm"; a long parenthesis stays part of the label. */
function labelAndUnit(key: string, schema: Schema): { label: string; unit?: string } {
  const title = typeof schema.title === "string" ? schema.title : humanize(key);
  const m = /^(.*?)\s*\(([^\s()]{1,8})\)$/.exec(title);
  if (m) return { label: m[1], unit: m[2] };
  return { label: title, unit: LENGTH_KEY.test(key) ? "mm" : undefined };
}

const ifValidators = new WeakMap<Schema, Validator>();

function matches(condition: Schema, value: unknown): boolean {
  let v = ifValidators.get(condition);
  if (!v) {
    v = new Validator(condition, "2020-12", false);
    ifValidators.set(condition, v);
  }
  return v.validate(value).valid;
}

interface Effective {
  properties: Record<string, Schema | false>;
  required: Set<string>;
}

/** An object schema's properties and required list with the conditional rules that hold for `value` applied. */
function effectiveObject(schema: Schema, value: Config): Effective {
  const properties: Record<string, Schema | false> = { ...(isObject(schema.properties) ? (schema.properties as Record<string, Schema>) : {}) };
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const apply = (branch: unknown) => {
    if (!isObject(branch)) return;
    for (const r of Array.isArray(branch.required) ? (branch.required as string[]) : []) required.add(r);
    for (const [key, sub] of Object.entries(isObject(branch.properties) ? branch.properties : {})) {
      const base = properties[key];
      if (sub === false || base === false) properties[key] = false;
      else if (isObject(sub)) properties[key] = { ...(base ?? {}), ...sub };
    }
  };
  const conditionals = [schema, ...(Array.isArray(schema.allOf) ? (schema.allOf as Schema[]) : [])];
  for (const rule of conditionals) {
    if (!isObject(rule.if)) continue;
    apply(matches(rule.if, value) ? rule.then : rule.else);
  }
  return { properties, required };
}

/** Option labels from `oneOf: [{ const, title }]` when the schema gives them, else from the values. */
function optionsOf(schema: Schema, unit?: string): EnumOption[] | null {
  const titled = (Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : []) as Schema[];
  if (titled.length > 0 && titled.every((o) => isObject(o) && "const" in o)) {
    return titled.map((o) => ({ value: o.const as string | number, label: typeof o.title === "string" ? o.title : humanize(String(o.const)) }));
  }
  if (!Array.isArray(schema.enum)) return null;
  return (schema.enum as (string | number)[]).map((value) => ({
    value,
    label: typeof value === "number" ? `${value}${unit ? ` ${unit}` : ""}` : humanize(value),
  }));
}

/** Suggested values for a pattern-constrained text field (e.g. RAL colours), supplied by the caller. */
export type Suggest = (pattern: string) => EnumOption[] | undefined;

export function describeFields(schema: Schema, config: Config, suggest: Suggest = () => undefined, base = ""): FieldSpec[] {
  const { properties, required } = effectiveObject(schema, config);
  const fields: FieldSpec[] = [];
  for (const [key, prop] of Object.entries(properties)) {
    if (prop === false) continue; // forbidden by a rule that holds now
    const pointer = `${base}/${key}`;
    const common = { pointer, required: required.has(key), ...labelAndUnit(key, prop), ...(prop.default === undefined ? {} : { default: prop.default }) };
    const options = optionsOf(prop, common.unit);
    if (options) {
      fields.push({ ...common, kind: "enum", options });
    } else if (prop.type === "object") {
      const value = isObject(config[key]) ? (config[key] as Config) : {};
      fields.push({ ...common, kind: "group", fields: describeFields(prop, value, suggest, pointer) });
    } else if (prop.type === "number" || prop.type === "integer") {
      const min = typeof prop.minimum === "number" ? prop.minimum : typeof prop.exclusiveMinimum === "number" ? prop.exclusiveMinimum : undefined;
      const max = typeof prop.maximum === "number" ? prop.maximum : typeof prop.exclusiveMaximum === "number" ? prop.exclusiveMaximum : undefined;
      fields.push({ ...common, kind: "number", integer: prop.type === "integer", min, max });
    } else if (prop.type === "boolean") {
      fields.push({ ...common, kind: "boolean" });
    } else {
      const pattern = typeof prop.pattern === "string" ? prop.pattern : undefined;
      fields.push({ ...common, kind: "text", pattern, suggestions: pattern ? suggest(pattern) : undefined });
    }
  }
  return fields;
}

/** The value at a JSON pointer (`/hardware/closer`). */
export function valueAt(config: Config, pointer: string): unknown {
  let v: unknown = config;
  for (const part of pointer.split("/").slice(1)) v = isObject(v) ? v[part] : undefined;
  return v;
}

/** A copy of `config` with the value at `pointer` set, or removed when `value` is undefined. */
export function withValue(config: Config, pointer: string, value: unknown): Config {
  const [head, ...rest] = pointer.split("/").slice(1);
  const next = { ...config };
  if (rest.length > 0) next[head] = withValue(isObject(config[head]) ? (config[head] as Config) : {}, `/${rest.join("/")}`, value);
  else if (value === undefined) delete next[head];
  else next[head] = value;
  return next;
}

const fits = (field: FieldSpec, value: unknown) => {
  if (field.kind === "enum") return field.options.some((o) => o.value === value);
  if (field.kind === "text" && field.pattern) return typeof value === "string" && new RegExp(field.pattern).test(value);
  return value !== undefined;
};

/**
 * Keeps a configuration in step with the rules after a change: a property a
 * rule now forbids is dropped, and one a rule now requires or whose choices
 * changed (anodised shades instead of RAL codes) takes the starter's value,
 * or the first choice. The field being edited is left alone.
 */
export function conform(schema: Schema, config: Config, starter: Config, editing?: string): Config {
  let next = config;
  const walk = (s: Schema, value: Config, start: Config, base: string) => {
    const { properties, required } = effectiveObject(s, value);
    for (const [key, prop] of Object.entries(properties)) {
      const pointer = `${base}/${key}`;
      if (pointer === editing) continue; // what the visitor is typing stays as typed
      if (prop === false) {
        if (key in value) next = withValue(next, pointer, undefined);
        continue;
      }
      if (prop.type === "object") {
        walk(prop, isObject(value[key]) ? (value[key] as Config) : {}, isObject(start[key]) ? (start[key] as Config) : {}, pointer);
        continue;
      }
      const [field] = describeFields({ properties: { [key]: prop } }, value);
      if (value[key] === undefined && !required.has(key)) continue;
      if (value[key] !== undefined && fits(field, value[key])) continue;
      const first = field.kind === "enum" ? field.options[0]?.value : field.kind === "number" ? field.min : undefined;
      const fallback = fits(field, start[key]) ? start[key] : first;
      if (fallback !== undefined) next = withValue(next, pointer, fallback);
    }
  };
  walk(schema, config, starter, "");
  return next;
}

const flatten = (fields: FieldSpec[]): FieldSpec[] => fields.flatMap((f) => (f.kind === "group" ? [f, ...flatten(f.fields)] : [f]));

/** "must be between…" → "Must be between….". */
const sentence = (message: string) => {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
};

/** A range error worded with the field's own limits and unit, whichever keyword (minimum, maximum…) reported it. */
function wording(field: FieldSpec | undefined, value: unknown, message: string): string {
  if (field?.kind === "number" && typeof value === "number" && field.min !== undefined && field.max !== undefined && (value < field.min || value > field.max)) {
    return `Must be between ${field.min} and ${field.max}${field.unit ? ` ${field.unit}` : ""}.`;
  }
  if (field?.kind === "number" && value === undefined) return "Enter a number.";
  if (field?.kind === "text" && field.suggestions && value !== undefined) return `Use a code such as ${field.suggestions[0]?.value}.`;
  return sentence(message);
}

/**
 * Places validation errors (JSON pointers) on the fields they name; errors on
 * no visible field (the whole configuration, a hidden property) are returned
 * apart so the form can list them at the top.
 */
export function placeErrors(errors: { field: string; message: string }[], fields: FieldSpec[], config: Config) {
  const byPointer = new Map(flatten(fields).map((f) => [f.pointer, f]));
  const placed: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const e of errors) {
    const field = byPointer.get(e.field);
    const message = wording(field, valueAt(config, e.field), e.message);
    if (!field) unplaced.push(e.field === "/" || e.field === "" ? message : `${humanize(e.field.split("/").pop() ?? "")}: ${message}`);
    else placed[e.field] = placed[e.field] ? `${placed[e.field]} ${message}` : message;
  }
  return { placed, unplaced };
}

/** The API names configuration fields `config.hardware.closer`; the form uses JSON pointers (`/hardware/closer`). */
export const pointerOfField = (field: string) => (field === "config" ? "/" : field.startsWith("config.") ? `/${field.slice(7).split(".").join("/")}` : null);
