import type { ApiFailure } from "../api/client.ts";

/** What an action returns when the API refused a form: a summary, per-field messages and the values to keep. */
export interface FormFailure {
  message: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

export const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
};

/**
 * Maps the API's error details onto form inputs (named as the API's fields),
 * worded with each input's label: "Shop address is taken."
 */
export function formFailure(error: ApiFailure, values: Record<string, string>, labels: Record<string, string> = {}): FormFailure {
  const fields: Record<string, string> = {};
  for (const d of error.fieldErrors) {
    fields[d.field] ??= sentence(labels[d.field] ? `${labels[d.field]} ${d.message}` : d.message);
  }
  return { message: summary(error), fields, values };
}

/** "must be an e-mail address" → "Must be an e-mail address." */
const sentence = (message: string) => {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return s.endsWith(".") ? s : `${s}.`;
};

function summary(error: ApiFailure): string {
  if (error.code === "VALIDATION_ERROR") return "Please correct the highlighted fields.";
  return sentence(error.message);
}

/**
 * Where signing in leads when no page asked for it: a customer's dashboard
 * (decision 56), which sends the shop's staff on to the storefront home.
 */
export const HOME_AFTER_SIGN_IN = "/portal";

/**
 * A post-login destination: only a path that still points at `requestUrl`'s origin once a URL
 * parser has normalised it (tabs and newlines dropped, a backslash read as a slash, so `/%09/evil.test` is
 * `//evil.test`). The answer is the parsed path, query and fragment — percent-encoded, safe in a
 * Location header. Anything else is ignored in favour of `fallback`, never an error.
 */
export function safeNext(next: string | null, requestUrl: string, fallback = "/"): string {
  if (!next?.startsWith("/")) return fallback;
  const origin = new URL(requestUrl).origin;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  return url.origin === origin ? url.pathname + url.search + url.hash : fallback;
}
