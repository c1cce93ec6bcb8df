import { useState } from "react";
import { Form } from "react-router";
import type { FormFailure } from "../lib/forms.ts";
import { FormAlert } from "./FormAlert.tsx";
import { SubmitButton } from "./SubmitButton.tsx";
import { PasswordField } from "./PasswordField.tsx";
import { TextField } from "./TextField.tsx";
import { PROCESS_LABELS } from "../quoting/catalog.ts";
import { PROCESSES } from "../../engine/pricing/price-book.ts";

/** "Acme Fab & Co." → "acme-fab-co": a starting point for the shop's address. */
const slugify = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);

/** Signs a shop up; the address follows the shop's name until the visitor edits it. */
export function TenantSignupForm({ appDomain, failure }: { appDomain: string; failure?: FormFailure }) {
  const values = failure?.values ?? {};
  const fields = failure?.fields ?? {};
  const [slug, setSlug] = useState(values.slug ?? "");
  const [slugEdited, setSlugEdited] = useState(!!values.slug);
  return (
    <Form method="post" className="card form" aria-labelledby="signup-title" noValidate>
      <h2 id="signup-title">Open your shop</h2>
      <FormAlert message={failure?.message} />
      <TextField
        label="Shop name"
        name="name"
        autoComplete="organization"
        required
        defaultValue={values.name}
        error={fields.name}
        onChange={(e) => !slugEdited && setSlug(slugify(e.currentTarget.value))}
      />
      <TextField
        label="Shop address"
        name="slug"
        required
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        value={slug}
        error={fields.slug}
        onChange={(e) => {
          setSlugEdited(true);
          setSlug(e.currentTarget.value.toLowerCase());
        }}
        hint={
          <>
            Your storefront:{" "}
            <strong className="slug-preview" data-testid="slug-preview">
              {slug || "your-shop"}.{appDomain}
            </strong>
            . Lowercase letters, digits and hyphens; at least 3 characters.
          </>
        }
      />
      <TextField label="Your name" name="owner_name" optional autoComplete="name" defaultValue={values.owner_name} error={fields.owner_name} />
      <TextField
        label="Your e-mail"
        name="owner_email"
        type="email"
        autoComplete="email"
        required
        defaultValue={values.owner_email}
        error={fields.owner_email}
      />
      <PasswordField
        clearOn={failure}
        label="Password"
        name="owner_password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        error={fields.owner_password}
      />
      <ProcessChoice ticked={values.processes === undefined ? [...PROCESSES] : values.processes.split(",")} error={fields.processes} />
      <SubmitButton pendingLabel="Creating your shop…">Create my shop</SubmitButton>
    </Form>
  );
}

/** What the shop makes: its first price book starts from a template machine and materials for each ticked process. */
function ProcessChoice({ ticked, error }: { ticked: string[]; error?: string }) {
  return (
    <fieldset className={error ? "field field-invalid" : "field"} id="field-processes" aria-describedby="field-processes-hint">
      <legend>What do you make?</legend>
      {PROCESSES.map((p) => (
        <label key={p} className="checkbox-inline">
          <input type="checkbox" name="processes" value={p} defaultChecked={ticked.includes(p)} /> {PROCESS_LABELS[p]}
        </label>
      ))}
      <p id="field-processes-hint" className="field-hint">
        Your price book starts with a typical machine and materials for each; you set your own machines, rates and materials afterwards.
      </p>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
