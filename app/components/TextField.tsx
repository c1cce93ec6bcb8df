import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

interface FieldText {
  label: string;
  name: string;
  /** The control's id, where one page holds several forms with the same field names; default `field-{name}`. */
  id?: string;
  error?: string;
  hint?: ReactNode;
  optional?: boolean;
}

export interface TextFieldProps extends FieldText, Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> {
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input whose hint and error are announced with it (aria-describedby). */
export function TextField({ label, name, id, error, hint, optional, ...input }: TextFieldProps) {
  return (
    <Field label={label} name={name} id={id} error={error} hint={hint} optional={optional}>
      {(control) => <input {...control} {...input} />}
    </Field>
  );
}

/** The same for several lines of text. */
export function TextAreaField({
  label,
  name,
  id,
  error,
  hint,
  optional,
  ...area
}: FieldText & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name">) {
  return (
    <Field label={label} name={name} id={id} error={error} hint={hint} optional={optional}>
      {(control) => <textarea {...control} {...area} />}
    </Field>
  );
}

/** The same for a choice from a list (the options are its children). */
export function SelectField({ label, name, id, error, hint, optional, ...select }: FieldText & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name">) {
  return (
    <Field label={label} name={name} id={id} error={error} hint={hint} optional={optional}>
      {(control) => <select {...control} {...select} />}
    </Field>
  );
}

type Control = { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string };

function Field({ label, name, id = `field-${name}`, error, hint, optional, children }: FieldText & { children: (control: Control) => ReactNode }) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> (optional)</span>}
      </label>
      {children({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": described || undefined })}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
