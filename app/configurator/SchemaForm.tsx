import { useEffect, useId, useState } from "react";
import { ralSwatch } from "./product.ts";
import { valueAt, type Config, type FieldSpec } from "./schema-fields.ts";

type FieldOf<K extends FieldSpec["kind"]> = Extract<FieldSpec, { kind: K }>;

interface FormProps {
  fields: FieldSpec[];
  config: Config;
  /** Messages by JSON pointer. */
  errors: Record<string, string>;
  onChange(pointer: string, value: unknown): void;
}

/** The product's schema as a form: one widget per property, nested objects as fieldsets. */
export function SchemaForm({ fields, config, errors, onChange }: FormProps) {
  return (
    <div className="schema-form">
      {fields.map((field) => (
        <SchemaField key={field.pointer} field={field} config={config} errors={errors} onChange={onChange} />
      ))}
    </div>
  );
}

function SchemaField({ field, config, errors, onChange }: Omit<FormProps, "fields"> & { field: FieldSpec }) {
  // A field left empty shows the product's default, which is what the product is made with.
  const given = valueAt(config, field.pointer);
  const value = given ?? field.default;
  const error = errors[field.pointer];
  const set = (v: unknown) => onChange(field.pointer, v);
  switch (field.kind) {
    case "group":
      return (
        <fieldset className="cfg-group" data-field={field.pointer} aria-describedby={error ? `${idOf(field.pointer)}-error` : undefined}>
          <legend>{field.label}</legend>
          <SchemaForm fields={field.fields} config={config} errors={errors} onChange={onChange} />
          <FieldError id={idOf(field.pointer)} error={error} />
        </fieldset>
      );
    case "enum":
      return fitsSegments(field) ? (
        <SegmentedField field={field} value={value} error={error} onChange={set} />
      ) : (
        <SelectField field={field} value={value} error={error} onChange={set} />
      );
    case "number":
      return <NumberField field={field} value={typeof value === "number" ? value : undefined} error={error} onChange={set} />;
    case "boolean":
      return <ToggleField field={field} value={value === true} error={error} onChange={set} />;
    case "text":
      return <TextInputField field={field} value={typeof value === "string" ? value : ""} error={error} onChange={set} />;
  }
}

/** Few, short choices read best side by side; longer lists go in a select. */
const fitsSegments = (field: FieldOf<"enum">) => field.options.length <= 3 && field.options.reduce((n, o) => n + o.label.length, 0) <= 30;

const idOf = (pointer: string) => `cfg${pointer.replace(/\//g, "-")}`;

function Label({ field, htmlFor }: { field: FieldSpec; htmlFor?: string }) {
  return (
    <label htmlFor={htmlFor}>
      {field.label}
      {!field.required && <span className="field-optional">{field.default === undefined ? " (optional)" : " (optional, has a default)"}</span>}
    </label>
  );
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : null;
}

interface WidgetProps<K extends FieldSpec["kind"], V> {
  field: FieldOf<K>;
  value: V;
  error?: string;
  onChange(value: unknown): void;
}

function SegmentedField({ field, value, error, onChange }: WidgetProps<"enum", unknown>) {
  const id = idOf(field.pointer);
  return (
    <fieldset className={error ? "field field-invalid" : "field"} data-field={field.pointer} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{field.label}</legend>
      <div className="segmented">
        {field.options.map((o) => (
          <label key={String(o.value)} className="segment">
            <input type="radio" name={id} value={String(o.value)} checked={value === o.value} onChange={() => onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

function SelectField({ field, value, error, onChange }: WidgetProps<"enum", unknown>) {
  const id = idOf(field.pointer);
  const index = field.options.findIndex((o) => o.value === value);
  return (
    <div className={error ? "field field-invalid" : "field"} data-field={field.pointer}>
      <Label field={field} htmlFor={id} />
      <select
        id={id}
        value={index < 0 ? "" : String(index)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.currentTarget.value === "" ? undefined : field.options[Number(e.currentTarget.value)].value)}
      >
        {(index < 0 || !field.required) && <option value="">{field.required ? "Choose…" : "Not specified"}</option>}
        {field.options.map((o, i) => (
          <option key={String(o.value)} value={String(i)}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

/** A round slider step of about a twentieth of the range (10 mm over a door's width, 0.1 for a U-value); whole numbers for integers. */
function sliderStep(field: FieldOf<"number">) {
  if (field.integer || field.min === undefined || field.max === undefined) return 1;
  return 10 ** Math.floor(Math.log10((field.max - field.min) / 20));
}

/**
 * A number typed or slid within the schema's range. The text is kept as typed
 * (so "1" on the way to "1100" is allowed) and every parseable value goes live.
 */
function NumberField({ field, value, error, onChange }: WidgetProps<"number", number | undefined>) {
  const id = idOf(field.pointer);
  const [text, setText] = useState(value === undefined ? "" : String(value));
  useEffect(() => {
    setText((t) => (t.trim() !== "" && Number(t) === value ? t : value === undefined ? "" : String(value)));
  }, [value]);
  const hint = field.min !== undefined && field.max !== undefined ? `${field.min}–${field.max}${field.unit ? ` ${field.unit}` : ""}` : undefined;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const hasRange = field.min !== undefined && field.max !== undefined;
  return (
    <div className={error ? "field field-invalid" : "field"} data-field={field.pointer}>
      <Label field={field} htmlFor={id} />
      <div className="number-row">
        <div className="number-input">
          <input
            id={id}
            type="number"
            inputMode={field.integer ? "numeric" : "decimal"}
            step={field.integer ? 1 : "any"}
            min={field.min}
            max={field.max}
            value={text}
            placeholder={field.required ? undefined : "Not set"}
            style={field.unit ? { paddingRight: `${1.1 + 0.55 * field.unit.length}rem` } : undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={described}
            onChange={(e) => {
              const raw = e.currentTarget.value;
              setText(raw);
              onChange(raw.trim() === "" || !Number.isFinite(Number(raw)) ? undefined : Number(raw));
            }}
          />
          {field.unit && (
            <span className="unit" aria-hidden="true">
              {field.unit}
            </span>
          )}
        </div>
        {hasRange && (
          <input
            type="range"
            className={value === undefined ? "slider slider-unset" : "slider"}
            aria-label={`${field.label} slider`}
            min={field.min}
            max={field.max}
            step={sliderStep(field)}
            value={value ?? field.min}
            onChange={(e) => onChange(Number(e.currentTarget.value))}
          />
        )}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

function ToggleField({ field, value, error, onChange }: WidgetProps<"boolean", boolean>) {
  const id = idOf(field.pointer);
  return (
    <div className={error ? "field field-invalid" : "field"} data-field={field.pointer}>
      <label className="toggle" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={value}
          aria-checked={value}
          onChange={(e) => onChange(e.currentTarget.checked)}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <span className="toggle-track" aria-hidden="true" />
        {field.label}
      </label>
      <FieldError id={id} error={error} />
    </div>
  );
}

/** Free text; a pattern's suggestions (RAL colours) come as a datalist, with a swatch of the chosen colour. */
function TextInputField({ field, value, error, onChange }: WidgetProps<"text", string>) {
  const id = idOf(field.pointer);
  const listId = useId();
  const swatch = field.suggestions ? ralSwatch(value) : undefined;
  const hint = field.suggestions ? `For example ${field.suggestions[0]?.value}; pick from the list or type a code.` : undefined;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field-invalid" : "field"} data-field={field.pointer}>
      <Label field={field} htmlFor={id} />
      <div className="text-with-swatch">
        {field.suggestions && <span className="swatch" style={{ background: swatch ?? "transparent" }} aria-hidden="true" />}
        <input
          id={id}
          type="text"
          value={value}
          list={field.suggestions ? listId : undefined}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => onChange(e.currentTarget.value === "" ? undefined : e.currentTarget.value)}
        />
      </div>
      {field.suggestions && (
        <datalist id={listId}>
          {field.suggestions.map((s) => (
            <option key={String(s.value)} value={String(s.value)} />
          ))}
        </datalist>
      )}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

/**
 * Brings a field to the visitor: scrolled to the middle of the screen and its
 * control focused (the chosen radio of a choice). False when it is not shown.
 */
export function focusField(pointer: string): boolean {
  const box = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(pointer)}"]`);
  if (!box) return false;
  const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  box.scrollIntoView({ block: "center", behavior: reduced ? "auto" : "smooth" });
  const control = box.querySelector<HTMLElement>("input:checked") ?? box.querySelector<HTMLElement>('input:not([type="range"]), select, textarea');
  control?.focus({ preventScroll: true });
  return true;
}
