import { data, Form, Link } from "react-router";
import type { Route } from "./+types/security";
import { CopyButton } from "../../components/CopyButton.tsx";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { QrCode } from "../../components/QrCode.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import { useFormat } from "../../format/use-format.ts";
import { deviceName } from "../../lib/device.ts";
import { text } from "../../lib/forms.ts";
import { requireViewer } from "../../lib/session.server.ts";

interface MfaStatus {
  enabled: boolean;
  recovery_codes_left: number;
}

interface Session {
  id: string;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string | null;
  current: boolean;
}

interface Enrolment {
  secret: string;
  otpauth_uri: string;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = requireViewer({ request, context });
  const via = { request, context };
  const [mfa, sessions] = await Promise.all([callApi<MfaStatus>(via, "/me/mfa"), callApi<Session[]>(via, "/me/sessions")]);
  if (!mfa.ok) throw errorPage(mfa);
  if (!sessions.ok) throw errorPage(sessions);
  return { mfa: mfa.data, sessions: sessions.data, required: viewer.mfa?.required ?? false };
}

type ActionResult =
  | { enrolment: Enrolment; codeError?: string }
  | { recoveryCodes: string[] }
  | { disabled: true }
  | { disableError: string }
  | { signedOut: string }
  | { failure: string };

export async function action({ request, context }: Route.ActionArgs) {
  const via = { request, context };
  requireViewer(via);
  const form = await request.formData();
  const intent = text(form, "intent");
  const reply = (body: ActionResult, status = 200) => data(body, { status });
  if (intent === "start") {
    const result = await sendApi<Enrolment>(via, "/me/mfa/totp");
    return result.ok ? reply({ enrolment: result.data }) : reply({ failure: result.error.message }, result.status);
  }
  if (intent === "confirm") {
    // The secret rides along in the form only to show the same QR code again after a wrong code.
    const enrolment = { secret: text(form, "secret"), otpauth_uri: text(form, "otpauth_uri") };
    const result = await sendApi<{ recovery_codes: string[] }>(via, "/me/mfa/totp/confirm", { code: text(form, "code") });
    if (result.ok) return reply({ recoveryCodes: result.data.recovery_codes });
    const codeError = result.error.fieldError("code") ? "That code is not right. Enter the 6 digits the app shows now." : result.error.message;
    return reply({ enrolment, codeError }, result.status);
  }
  if (intent === "disable") {
    const result = await sendApi<MfaStatus>(via, "/me/mfa/totp", { code: text(form, "code") }, "DELETE");
    if (result.ok) return reply({ disabled: true });
    const disableError = result.error.fieldError("code") ? "That code is not right, or was used already." : result.error.message;
    return reply({ disableError }, result.status);
  }
  if (intent === "end-session") {
    const result = await sendApi(via, `/me/sessions/${encodeURIComponent(text(form, "id"))}`, undefined, "DELETE");
    return result.ok ? reply({ signedOut: text(form, "device") }) : reply({ failure: result.error.message }, result.status);
  }
  return reply({ failure: "This form was not understood. Reload the page and try again." }, 400);
}

export default function Security({ loaderData, actionData }: Route.ComponentProps) {
  const { mfa, sessions, required } = loaderData;
  const result = actionData as ActionResult | undefined;
  return (
    <div className="container page-narrow account-security">
      <PageTitle>Sign-in and security</PageTitle>
      <h1>Sign-in and security</h1>
      {required && !mfa.enabled && (
        <p className="alert alert-warning" role="alert">
          This shop asks everyone in your role to use two-step sign-in. Set it up below to carry on.
        </p>
      )}
      {result && "failure" in result && <FormAlert message={result.failure} />}
      <section className="card" aria-labelledby="mfa-title">
        <h2 id="mfa-title">Two-step sign-in</h2>
        {result && "recoveryCodes" in result ? (
          <RecoveryCodes codes={result.recoveryCodes} />
        ) : result && "enrolment" in result ? (
          <Enrol enrolment={result.enrolment} codeError={result.codeError} />
        ) : mfa.enabled ? (
          <Enabled left={mfa.recovery_codes_left} required={required} error={result && "disableError" in result ? result.disableError : undefined} />
        ) : (
          <>
            {result && "disabled" in result && (
              <p className="alert" role="status">
                Two-step sign-in is off. Your password alone signs you in again.
              </p>
            )}
            <p>
              After your password, we ask for a code from an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, 1Password and
              others), so a stolen password alone cannot open your account.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="start" />
              <SubmitButton pendingLabel="Starting…">Set up two-step sign-in</SubmitButton>
            </Form>
          </>
        )}
      </section>
      <Sessions sessions={sessions} signedOut={result && "signedOut" in result ? result.signedOut : undefined} />
    </div>
  );
}

function Enrol({ enrolment, codeError }: { enrolment: Enrolment; codeError?: string }) {
  const grouped = enrolment.secret.match(/.{1,4}/g)?.join(" ") ?? enrolment.secret;
  return (
    <div className="enrol">
      <ol className="steps">
        <li>
          <p>Scan this code with your authenticator app:</p>
          <QrCode text={enrolment.otpauth_uri} label="QR code for your authenticator app" />
          <p className="field-hint">
            Cannot scan it? Enter this key in the app instead: <code className="mono secret-key">{grouped}</code>
          </p>
        </li>
        <li>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="secret" value={enrolment.secret} />
            <input type="hidden" name="otpauth_uri" value={enrolment.otpauth_uri} />
            <TextField
              key={codeError ?? "first"}
              label="Code from the app"
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              pattern="[0-9 ]*"
              required
              error={codeError}
              hint="6 digits; it changes every 30 seconds."
            />
            <SubmitButton pendingLabel="Checking…">Turn on two-step sign-in</SubmitButton>
          </Form>
        </li>
      </ol>
    </div>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const all = codes.join("\n");
  return (
    <div className="recovery-codes" role="status">
      <p>
        <strong>Two-step sign-in is on.</strong> Keep these recovery codes somewhere safe, away from your phone: each signs you in once if you lose it.{" "}
        <strong>They will not be shown again.</strong>
      </p>
      <ol className="mono code-list" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="actions">
        <CopyButton value={all} label="Copy codes" />
        <a className="button button-secondary" download="recovery-codes.txt" href={`data:text/plain;charset=utf-8,${encodeURIComponent(`${all}\n`)}`}>
          Download as a text file
        </a>
        <Link to="/" className="button">
          I have saved them
        </Link>
      </div>
    </div>
  );
}

function Enabled({ left, required, error }: { left: number; required: boolean; error?: string }) {
  return (
    <>
      <p>
        <span className="badge badge-active">On</span> Signing in asks for a code from your authenticator app.{" "}
        {left === 1 ? "1 recovery code is left." : `${left} recovery codes are left.`}
        {left <= 2 && !required && " Turn two-step sign-in off and on again for new ones."}
      </p>
      {required ? (
        <p className="muted">This shop requires two-step sign-in for your account, so it stays on.</p>
      ) : (
        <details open={error !== undefined}>
          <summary>Turn two-step sign-in off</summary>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="disable" />
            <TextField key={error ?? "first"} label="Code from the app, or a recovery code" name="code" autoComplete="one-time-code" required error={error} />
            <SubmitButton variant="secondary" pendingLabel="Turning off…">
              Turn off
            </SubmitButton>
          </Form>
        </details>
      )}
    </>
  );
}

function Sessions({ sessions, signedOut }: { sessions: Session[]; signedOut?: string }) {
  const f = useFormat();
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      {signedOut && (
        <p className="alert" role="status">
          Signed out of {signedOut}.
        </p>
      )}
      <p>If you do not recognise one, sign it out and change your password.</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => {
            const device = deviceName(s.user_agent) ?? "Unknown device";
            return (
              <tr key={s.id}>
                <td>{device}</td>
                <td>{f.moment(s.created_at)}</td>
                <td>{s.current ? "Now" : f.moment(s.last_seen_at)}</td>
                <td>
                  {s.current ? (
                    <span className="muted">This device</span>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="id" value={s.id} />
                      <input type="hidden" name="device" value={device} />
                      <SubmitButton variant="ghost" pendingLabel="Signing out…" pendingWhen={({ formData }) => formData.get("id") === s.id}>
                        Sign out<span className="visually-hidden"> {device}</span>
                      </SubmitButton>
                    </Form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
