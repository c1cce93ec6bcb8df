import { Form, Link, NavLink } from "react-router";
import type { ServerContext } from "../server-context.ts";
import { canAdminister, type Viewer } from "../lib/viewer.ts";
import { SubmitButton } from "./SubmitButton.tsx";

type Site = ServerContext["site"];

/** The top bar: the shop's name in its colour, its navigation and the account controls. */
export function SiteHeader({ site, viewer }: { site: Site | undefined; viewer: Viewer | null }) {
  return (
    <header className="site-header">
      <div className="container site-header-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            {(site?.kind === "tenant" ? site.tenant.name : "Fabquote").charAt(0)}
          </span>
          {site?.kind === "tenant" ? site.tenant.name : "Fabquote"}
        </Link>
        {site?.kind === "tenant" && <StorefrontNav viewer={viewer} />}
      </div>
    </header>
  );
}

function StorefrontNav({ viewer }: { viewer: Viewer | null }) {
  return (
    <nav aria-label="Main" className="site-nav">
      <ul className="nav-links">
        {viewer?.permissions.includes("portal:read") && (
          <li>
            <NavLink to="/portal">Dashboard</NavLink>
          </li>
        )}
        <li>
          <NavLink to="/" end>
            Instant quote
          </NavLink>
        </li>
        <li>
          <NavLink to="/configure">Configure</NavLink>
        </li>
        <li>
          <NavLink to="/quotes">{viewer?.permissions.includes("quotes:send") ? "Quote inbox" : "My quotes"}</NavLink>
        </li>
        {viewer?.permissions.includes("projects:read") && (
          <li>
            <NavLink to="/projects">Projects</NavLink>
          </li>
        )}
        {viewer?.permissions.includes("members:manage") && viewer.user.customer_id && (
          <li>
            <NavLink to="/company/members">Colleagues</NavLink>
          </li>
        )}
        {viewer?.permissions.includes("production:read") && (
          <li>
            <NavLink to="/production">Production</NavLink>
          </li>
        )}
        {canAdminister(viewer) && (
          <li>
            <NavLink to="/admin">Admin</NavLink>
          </li>
        )}
      </ul>
      {viewer ? <SignedIn viewer={viewer} /> : <SignedOut />}
    </nav>
  );
}

function SignedIn({ viewer }: { viewer: Viewer }) {
  return (
    <div className="account">
      <Link to="/account/security" className="account-name" title={`${viewer.user.email}: sign-in and security`}>
        <span className="visually-hidden">Signed in as </span>
        {viewer.user.name}
      </Link>
      <Form method="post" action="/logout">
        <SubmitButton variant="ghost" pendingLabel="Signing out…" pendingWhen={({ formAction }) => formAction === "/logout"}>
          Sign out
        </SubmitButton>
      </Form>
    </div>
  );
}

function SignedOut() {
  return (
    <div className="account">
      <Link to="/login" className="button button-ghost">
        Sign in
      </Link>
      <Link to="/register" className="button button-inverse">
        Create account
      </Link>
    </div>
  );
}
