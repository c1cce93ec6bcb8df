import type { InputHTMLAttributes, ReactNode, Ref, TextareaHTMLAttributes } from "react";

interface FieldText {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  optional?: boolean;
}

export interface TextFieldProps extends FieldText, Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> {
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input whose hint and error are announced with it (aria-describedby). */
export function TextField({ label, name, error, hint, optional, ...input }: TextFieldProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint} optional={optional}>
      {(control) => <input {...control} {...input} />}
    </Field>
  );
}

/** The same for several lines of text. */
export function TextAreaField({ label, name, error, hint, optional, ...area }: FieldText & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name">) {
  return (
    <Field label={label} name={name} error={error} hint={hint} optional={optional}>
      {(control) => <textarea {...control} {...area} />}
    </Field>
  );
}

type Control = { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string };

function Field({ label, name, error, hint, optional, children }: FieldText & { children: (control: Control) => ReactNode }) {
  const id = `field-${name}`;
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
