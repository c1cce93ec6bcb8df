import { data, Form } from "react-router";
import type { Route } from "./+types/business";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextAreaField, TextField } from "../../components/TextField.tsx";
import { errorPage, callApi, sendApi } from "../../api/client.ts";
import { formFailure, text, type FormFailure } from "../../lib/forms.ts";
import { requireAdmin } from "../../lib/session.server.ts";
import { formatter } from "../../format/use-format.ts";
import { DEFAULT_LOCALE } from "../../../shared/locale.ts";

interface Business {
  legal_name: string | null;
  legal_address: string[];
  vat_id: string | null;
  quote_terms: string | null;
  quote_validity_days: number;
  locale: string;
  customer_daily_uploads: number;
  payment_due_days: number;
}

const LABELS = {
  legal_name: "Legal name",
  legal_address: "Address",
  vat_id: "VAT ID",
  quote_terms: "Terms",
  quote_validity_days: "Quotes valid for",
  locale: "Language and region",
  customer_daily_uploads: "Uploads per customer per day",
  payment_due_days: "Invoices due within",
};

export async function loader({ request, context }: Route.LoaderArgs) {
  requireAdmin({ request, context });
  const result = await callApi<Business>({ request, context }, "/tenant/business");
  if (!result.ok) throw errorPage(result);
  return { business: result.data };
}

type ActionResult = { saved: true } | { failure: FormFailure };

export async function action({ request, context }: Route.ActionArgs) {
  const args = { request, context };
  requireAdmin(args);
  const form = await request.formData();
  const values = Object.fromEntries(Object.keys(LABELS).map((k) => [k, text(form, k)]));
  // An emptied field clears the setting: quotes then fall back to the shop's name and the standard terms.
  const result = await sendApi<Business>(
    args,
    "/tenant/business",
    {
      legal_name: values.legal_name || null,
      legal_address: values.legal_address
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean),
      vat_id: values.vat_id || null,
      quote_terms: values.quote_terms || null,
      quote_validity_days: Number(values.quote_validity_days),
      locale: values.locale || null,
      customer_daily_uploads: values.customer_daily_uploads ? Number(values.customer_daily_uploads) : null,
      payment_due_days: values.payment_due_days ? Number(values.payment_due_days) : null,
    },
    "PATCH",
  );
  if (!result.ok) {
    const failure = formFailure(result.error, values, LABELS);
    // "legal_address.2" (one line of it) is shown on the address box.
    for (const [field, message] of Object.entries(failure.fields)) if (field.startsWith("legal_address.")) failure.fields.legal_address ??= message;
    return data<ActionResult>({ failure }, { status: result.status });
  }
  return data<ActionResult>({ saved: true });
}

/** A sample of what a locale makes of a price and a date. */
const example = (locale: string) => {
  const f = formatter(locale);
  return `${f.money(123450, "EUR")}, ${f.day("2026-11-17")}`;
};

export default function BusinessDetails({ loaderData, actionData }: Route.ComponentProps) {
  const b = loaderData.business;
  const failure = actionData && "failure" in actionData ? actionData.failure : undefined;
  const value = (name: keyof typeof LABELS, saved: string) => failure?.values[name] ?? saved;
  return (
    <section aria-labelledby="business-title">
      <PageTitle>Business details</PageTitle>
      <h2 id="business-title">Business details</h2>
      <p className="section-intro">
        Printed on every quote you send: who the buyer contracts with, your VAT ID, and your terms; and how your shop's pages write prices and dates.
      </p>
      <FormAlert tone="success" message={actionData && "saved" in actionData ? "Saved. New quote PDFs use these details." : undefined} />
      <FormAlert message={failure?.message} />
      <Form method="post" className="card form" aria-labelledby="business-title" noValidate>
        <TextField
          label={LABELS.legal_name}
          name="legal_name"
          defaultValue={value("legal_name", b.legal_name ?? "")}
          error={failure?.fields.legal_name}
          hint="The registered company name. Your shop's name is used when this is empty."
          optional
          maxLength={200}
        />
        <TextAreaField
          optional
          label={LABELS.legal_address}
          name="legal_address"
          rows={4}
          defaultValue={value("legal_address", b.legal_address.join("\n"))}
          error={failure?.fields.legal_address}
          hint="One line per row, up to 6 rows."
        />
        <TextField label={LABELS.vat_id} name="vat_id" defaultValue={value("vat_id", b.vat_id ?? "")} error={failure?.fields.vat_id} optional maxLength={20} />
        <TextField
          label={LABELS.quote_validity_days}
          name="quote_validity_days"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          defaultValue={value("quote_validity_days", String(b.quote_validity_days))}
          error={failure?.fields.quote_validity_days}
          hint="Days a new quote's prices hold."
        />
        <TextField
          label={LABELS.payment_due_days}
          name="payment_due_days"
          type="number"
          inputMode="numeric"
          min={0}
          max={365}
          defaultValue={value("payment_due_days", String(b.payment_due_days))}
          error={failure?.fields.payment_due_days}
          hint="Days an invoice gives a customer ordering on a purchase order to pay it (0: on receipt). Card orders are paid already."
          optional
        />
        <TextField
          label={LABELS.customer_daily_uploads}
          name="customer_daily_uploads"
          type="number"
          inputMode="numeric"
          min={1}
          max={100000}
          defaultValue={value("customer_daily_uploads", String(b.customer_daily_uploads))}
          error={failure?.fields.customer_daily_uploads}
          hint="Files one signed-in customer account may upload in 24 hours; more are refused with a message saying when they can upload again. Your staff are not limited."
          optional
        />
        <TextField
          label={LABELS.locale}
          name="locale"
          defaultValue={value("locale", b.locale)}
          error={failure?.fields.locale}
          hint={`How prices, numbers and dates are written on your shop's pages, e.g. en-GB (${example("en-GB")}), en-US (${example("en-US")}) or de-DE (${example("de-DE")}). ${DEFAULT_LOCALE} when empty.`}
          optional
          maxLength={35}
          autoComplete="off"
        />
        <TextAreaField
          optional
          label={LABELS.quote_terms}
          name="quote_terms"
          rows={6}
          defaultValue={value("quote_terms", b.quote_terms ?? "")}
          error={failure?.fields.quote_terms}
          hint="One paragraph per line. The standard terms are printed when this is empty."
        />
        <SubmitButton pendingLabel="Saving…">Save details</SubmitButton>
      </Form>
    </section>
  );
}
