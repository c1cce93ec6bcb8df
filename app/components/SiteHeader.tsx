import { Form, Link, NavLink } from "react-router";
import type { ServerContext } from "../server-context.ts";
import { canAdminister, type Viewer } from "../lib/viewer.ts";
import { SubmitButton } from "./SubmitButton.tsx";

type Site = ServerContext["site"];

/** The top bar: the shop's name in its colour, its navigation and the account controls. */
export function SiteHeader({ site, viewer, unreadCount }: { site: Site | undefined; viewer: Viewer | null; unreadCount: number | null }) {
  return (
    <header className="site-header">
      <div className="container site-header-inner">
        <Link to="/" className="brand">
          {site?.kind === "tenant" && site.tenant.logo_url ? (
            <img className="brand-logo" src={site.tenant.logo_url} alt="" />
          ) : (
            <span className="brand-mark" aria-hidden="true">
              {(site?.kind === "tenant" ? site.tenant.name : "Fabquote").charAt(0)}
            </span>
          )}
          {site?.kind === "tenant" ? site.tenant.name : "Fabquote"}
        </Link>
        {site?.kind === "tenant" && <StorefrontNav viewer={viewer} unreadCount={unreadCount} />}
      </div>
    </header>
  );
}

function StorefrontNav({ viewer, unreadCount }: { viewer: Viewer | null; unreadCount: number | null }) {
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
        {viewer && (
          <li>
            <NavLink to="/documents">Documents</NavLink>
          </li>
        )}
        {viewer?.permissions.includes("messages:read") && (
          <li>
            <NavLink to="/inbox">Messages</NavLink>
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
      {viewer ? <SignedIn viewer={viewer} unreadCount={unreadCount} /> : <SignedOut />}
    </nav>
  );
}

function SignedIn({ viewer, unreadCount }: { viewer: Viewer; unreadCount: number | null }) {
  return (
    <div className="account">
      {unreadCount !== null && <Bell unread={unreadCount} />}
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

/** The notifications bell: a link to the list, with the number not read yet. */
function Bell({ unread }: { unread: number }) {
  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`;
  return (
    <NavLink to="/notifications" className="bell" aria-label={label} title={label}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
          fill="currentColor"
        />
      </svg>
      {unread > 0 && (
        <span className="bell-count" data-testid="unread-count">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </NavLink>
  );
}
