import { NavLink, Outlet } from "react-router";

/** Webhooks in and out: a sub-navigation over sources, endpoints, inbound events and dead letters. */
export default function WebhooksLayout() {
  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p className="section-intro">
        Partner systems (an ERP, a sales hub, Stripe) send us signed events through <strong>sources</strong>; we send ours to their <strong>endpoints</strong>.
        Failures are retried, then kept as <strong>dead letters</strong> until you retry or discard them.
      </p>
      <nav aria-label="Webhooks" className="subtabs">
        <NavLink to="/admin/webhooks" end>
          Overview
        </NavLink>
        <NavLink to="/admin/webhooks/sources">Sources</NavLink>
        <NavLink to="/admin/webhooks/endpoints">Endpoints</NavLink>
        <NavLink to="/admin/webhooks/events">Inbound events</NavLink>
        <NavLink to="/admin/webhooks/dead-letters">Dead letters</NavLink>
      </nav>
      <Outlet />
    </section>
  );
}
