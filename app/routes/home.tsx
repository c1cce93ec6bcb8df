import { data, Link, redirect } from "react-router";
import type { Route } from "./+types/home";
import { PageTitle } from "../components/PageTitle.tsx";
import { TenantSignupForm } from "../components/TenantSignupForm.tsx";
import { sendApi } from "../api/client.ts";
import { formFailure, text, type FormFailure } from "../lib/forms.ts";
import { viewerContext } from "../lib/session.server.ts";
import { serverContext } from "../server-context.ts";

export function loader({ context }: Route.LoaderArgs) {
  return { site: context.get(serverContext).site, signedIn: context.get(viewerContext) !== null };
}

const SIGNUP_LABELS = {
  name: "Shop name",
  slug: "Shop address",
  owner_name: "Your name",
  owner_email: "Your e-mail",
  owner_password: "Password",
  processes: "What you make:",
};

/** Root site only: sign a shop up, then open the new shop signed in as its owner (a one-use link). */
export async function action({ request, context }: Route.ActionArgs) {
  if (context.get(serverContext).site.kind !== "root") throw data("Not found", { status: 404 });
  const form = await request.formData();
  const processes = form.getAll("processes").map(String);
  const values = { name: text(form, "name"), slug: text(form, "slug"), owner_email: text(form, "owner_email"), owner_name: text(form, "owner_name") };
  const body = { ...values, owner_name: values.owner_name || undefined, owner_password: String(form.get("owner_password") ?? ""), processes };
  // The ticked processes come back as one value, so a refused form keeps them.
  const kept = { ...values, processes: processes.join(",") };
  const result = await sendApi<{ sign_in_url: string }>({ request, context }, "/tenants", body);
  if (!result.ok) {
    const failure = formFailure(result.error, kept, SIGNUP_LABELS);
    // "processes.0" (a tampered code) is shown at the list.
    for (const [field, message] of Object.entries(failure.fields)) if (field.startsWith("processes.")) failure.fields.processes ??= message;
    return data({ failure }, { status: result.status });
  }
  // The API builds the link from this request, so the scheme and port carry over.
  return redirect(result.data.sign_in_url);
}

export default function Home({ loaderData, actionData }: Route.ComponentProps) {
  const { site } = loaderData;
  if (site.kind === "root") return <RootHome appDomain={site.appDomain} failure={actionData?.failure} />;
  return <StorefrontHome shopName={site.tenant.name} signedIn={loaderData.signedIn} />;
}

function RootHome({ appDomain, failure }: { appDomain: string; failure?: FormFailure }) {
  return (
    <div className="container hero-split">
      <PageTitle>Instant quoting for fabrication shops</PageTitle>
      <section className="hero-copy" aria-labelledby="hero-title">
        <h1 id="hero-title">Instant quotes for custom parts, on your own storefront</h1>
        <p className="lead">
          Fabquote gives your 3D-printing, CNC or laser-cutting shop a quoting storefront: customers drop a part and get a price with manufacturability feedback
          in seconds, priced from your own price book.
        </p>
        <ul className="feature-list">
          <li>
            <strong>Your brand, your address.</strong> A storefront at <code>your-shop.{appDomain}</code> in your colours.
          </li>
          <li>
            <strong>Prices you can stand behind.</strong> Every browser estimate is re-checked on the server before it counts.
          </li>
          <li>
            <strong>Built for your systems.</strong> API keys and signed webhooks for your ERP.
          </li>
        </ul>
      </section>
      <TenantSignupForm appDomain={appDomain} failure={failure} />
    </div>
  );
}

function StorefrontHome({ shopName, signedIn }: { shopName: string; signedIn: boolean }) {
  return (
    <div className="container">
      <PageTitle>Instant quote</PageTitle>
      <section className="storefront-hero" aria-labelledby="store-title">
        <h1 id="store-title">Instant quotes from {shopName}</h1>
        <p className="lead">Custom parts made to order: upload a part, choose process and material, and get a price in seconds.</p>
        <div className="notice" role="note">
          <h2>Get a price in seconds</h2>
          <p>
            Drop STL, OBJ or 3MF models, or DXF and SVG drawings for laser cutting. No account needed to see prices
            {signedIn ? "; your saved quotes are kept under My quotes." : "."}
          </p>
          <p className="actions">
            <Link to="/instant" className="button button-primary">
              Get an instant quote
            </Link>
            {signedIn ? (
              <Link to="/quotes" className="button button-secondary">
                Go to My quotes
              </Link>
            ) : (
              <Link to="/login" className="button button-secondary">
                Sign in
              </Link>
            )}
          </p>
        </div>
      </section>
    </div>
  );
}
