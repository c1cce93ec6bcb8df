/**
 * Who may do what: the roles, the permissions each grants, the API-key scopes
 * and the words the UI shows for them. One source for the Worker (which
 * enforces it) and the UI (which offers and labels it). Pure TypeScript.
 *
 * Role and scope names are a contract (stored in D1, carried by API keys,
 * returned by `GET /me`): never rename one.
 */
export const ROLES = ["owner", "admin", "staff", "customer_admin", "customer_user", "customer_viewer"] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = ["owner", "admin", "staff"] as const satisfies readonly Role[];
export const CUSTOMER_ROLES = ["customer_admin", "customer_user", "customer_viewer"] as const satisfies readonly Role[];
export const isStaff = (role: string) => (STAFF_ROLES as readonly string[]).includes(role);

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  staff: "Staff",
  customer_admin: "Customer admin",
  customer_user: "Customer",
  customer_viewer: "Customer (read only)",
};

/** A role's label for a person; an unknown name (from a newer server) is shown as it is. */
export const roleLabel = (role: string) => (Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role as Role] : role);

/** The one permission table. A role grants permissions; an API key's scopes grant them too, never beyond its creator's role. */
export const PERMISSIONS = {
  /** Every account of the shop (GET /users) and its staff with their invitations (GET /staff). */
  "users:read": ["owner", "admin"],
  /** Inviting the shop's staff, changing their roles, removing them (decision 63; only an owner touches an owner). No API-key scope grants it. */
  "users:write": ["owner", "admin"],
  "api_keys:manage": ["owner", "admin"],
  "customers:read": ["owner", "admin", "staff", "customer_admin", "customer_user", "customer_viewer"],
  "customers:write": ["owner", "admin", "staff"],
  /** Inviting a customer company's members, changing their roles, removing them: the company's admin (or the shop's). */
  "members:manage": ["owner", "admin", "customer_admin"],
  /** Projects: a customer_user or viewer sees only those assigned to them (worker/db/projects.ts). */
  "projects:read": ["owner", "admin", "staff", "customer_admin", "customer_user", "customer_viewer"],
  "projects:write": ["owner", "admin", "staff", "customer_admin"],
  /** Messages of a project or quote: whoever sees the project or quote reads its thread; writing is refused to viewers. */
  "messages:read": ["owner", "admin", "staff", "customer_admin", "customer_user", "customer_viewer"],
  "messages:write": ["owner", "admin", "staff", "customer_admin", "customer_user"],
  /** The customer portal's home (decision 56): a customer's own view; the shop's staff have theirs (production, admin). No API-key scope grants it. */
  "portal:read": ["customer_admin", "customer_user", "customer_viewer"],
  "audit:read": ["owner", "admin"],
  "quotes:read": ["owner", "admin", "staff", "customer_admin", "customer_user", "customer_viewer"],
  "quotes:write": ["owner", "admin", "staff", "customer_admin", "customer_user"],
  /** Sending a priced quote (and releasing one held for review) is the shop's act. */
  "quotes:send": ["owner", "admin", "staff"],
  /** Setting a manual price below what the item costs the shop (staff may price at cost or above). No API-key scope grants it. */
  "prices:override": ["owner", "admin"],
  "models:read": ["owner", "admin", "staff", "customer_admin", "customer_user", "customer_viewer"],
  "models:write": ["owner", "admin", "staff", "customer_admin", "customer_user"],
  /** Changing orders once placed (cancelling): the shop's act. */
  "orders:write": ["owner", "admin", "staff"],
  /** Production documents (specifications, cutting lists) customers do not see. */
  "production:read": ["owner", "admin", "staff"],
  /** Moving work through the shop floor: operations started, finished, blocked. */
  "production:write": ["owner", "admin", "staff"],
  /** Revising a drawing (a new revision letter on the shop's document): the shop's act. */
  "drawings:write": ["owner", "admin", "staff"],
  /**
   * Approving or rejecting a drawing revision: the customer's sign-off, given by the company's admin; the shop's
   * owner and admins may record one on the customer's behalf (decision 53). A person's act: no API-key scope grants it.
   */
  "drawings:approve": ["owner", "admin", "customer_admin"],
  /** Approving or rejecting an order a company's user placed for approval: the company's admin (the shop's owner and admins on its behalf). */
  "orders:approve": ["owner", "admin", "customer_admin"],
  "catalog:write": ["owner", "admin"],
  /** The shop's business details (legal name, address, VAT ID, terms) printed on every quote. */
  "settings:write": ["owner", "admin"],
  "webhooks:admin": ["owner", "admin"],
  /** The shop's own payment provider keys (Stripe): who holds them can take and refund the shop's money. */
  "payments:admin": ["owner", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Scopes an API key may carry, each the permissions it grants. */
export const SCOPES = {
  "quotes:read": ["quotes:read", "models:read", "production:read", "customers:read", "projects:read", "messages:read"],
  "quotes:write": [
    "quotes:read",
    "quotes:write",
    "quotes:send",
    "models:read",
    "models:write",
    "production:read",
    "customers:read",
    "orders:write",
    "projects:read",
    "projects:write",
    "messages:read",
    "messages:write",
  ],
  "catalog:write": ["catalog:write"],
  "webhooks:admin": ["webhooks:admin"],
  "payments:admin": ["payments:admin"],
  "customers:write": ["customers:read", "customers:write", "members:manage"],
  "production:write": ["production:read", "production:write", "drawings:write"],
} as const satisfies Record<string, readonly Permission[]>;

export type Scope = keyof typeof SCOPES;
export const SCOPE_NAMES = Object.keys(SCOPES) as [Scope, ...Scope[]];

/** What the admin's API-key form says each scope allows, in the order it offers them. */
export const SCOPE_LABELS: Record<Scope, string> = {
  "quotes:read": "Read quotes",
  "quotes:write": "Create and change quotes",
  "customers:write": "Manage customers",
  "catalog:write": "Manage the catalogue",
  "webhooks:admin": "Manage webhooks",
  "payments:admin": "Set up card payments",
  "production:write": "Move work through production and revise drawings",
};

export const roleAllows = (role: Role, permission: Permission): boolean => (PERMISSIONS[permission] as readonly Role[]).includes(role);

/** The API-key scopes that grant a permission (none: only a signed-in user may). */
export const scopesGranting = (permission: Permission): Scope[] => SCOPE_NAMES.filter((s) => (SCOPES[s] as readonly Permission[]).includes(permission));

export const scopesAllow = (scopes: readonly string[], permission: Permission): boolean =>
  scopes.some((s) => (SCOPES[s as Scope] as readonly Permission[] | undefined)?.includes(permission));
