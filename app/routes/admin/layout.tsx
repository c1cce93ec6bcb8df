import { NavLink, Outlet } from "react-router";

export default function AdminLayout() {
  return (
    <div className="container admin">
      <div className="admin-head">
        <h1>Shop admin</h1>
        <nav aria-label="Admin" className="tabs">
          <NavLink to="/admin" end>
            Users
          </NavLink>
          <NavLink to="/admin/staff">Staff</NavLink>
          <NavLink to="/admin/start">Getting started</NavLink>
          <NavLink to="/admin/api-keys">API keys</NavLink>
          <NavLink to="/admin/catalog">Catalogue</NavLink>
          <NavLink to="/admin/business">Business details</NavLink>
          <NavLink to="/admin/branding">Logo and colours</NavLink>
          <NavLink to="/admin/payments">Payments</NavLink>
          <NavLink to="/admin/shipping">Shipping</NavLink>
          <NavLink to="/admin/security">Sign-in security</NavLink>
          <NavLink to="/admin/domains">Custom domains</NavLink>
          <NavLink to="/admin/production">Production</NavLink>
          <NavLink to="/admin/products">Products</NavLink>
          <NavLink to="/admin/drawings">Drawings</NavLink>
          <NavLink to="/admin/webhooks">Webhooks</NavLink>
        </nav>
      </div>
      <Outlet />
    </div>
  );
}
