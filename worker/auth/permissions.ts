/**
 * The one permission table. A role grants permissions; an API key's scopes
 * grant permissions too, but never more than the role of the user who made it.
 */
export const ROLES = ["owner", "admin", "staff", "customer_admin", "customer_user", "customer_viewer"] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ["owner", "admin", "staff"];
export const isStaff = (role: Role) => STAFF_ROLES.includes(role);

export const PERMISSIONS = {
  "users:read": ["owner", "admin"],
  "users:write": ["owner", "admin"],
  "api_keys:manage": ["owner", "admin"],
  "customers:read": ["owner", "admin", "staff", "customer_admin", "customer_user", "customer_viewer"],
  "customers:write": ["owner", "admin", "staff"],
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
  "quotes:read": ["quotes:read", "models:read", "production:read", "customers:read"],
  "quotes:write": ["quotes:read", "quotes:write", "quotes:send", "models:read", "models:write", "production:read", "customers:read", "orders:write"],
  "catalog:write": ["catalog:write"],
  "webhooks:admin": ["webhooks:admin"],
  "payments:admin": ["payments:admin"],
  "customers:write": ["customers:read", "customers:write"],
  "production:write": ["production:read", "production:write"],
} as const satisfies Record<string, readonly Permission[]>;

export type Scope = keyof typeof SCOPES;
export const SCOPE_NAMES = Object.keys(SCOPES) as [Scope, ...Scope[]];

export const roleAllows = (role: Role, permission: Permission): boolean =>
  (PERMISSIONS[permission] as readonly Role[]).includes(role);

/** The API-key scopes that grant a permission (none: only a signed-in user may). */
export const scopesGranting = (permission: Permission): Scope[] => SCOPE_NAMES.filter((s) => (SCOPES[s] as readonly Permission[]).includes(permission));

export const scopesAllow = (scopes: readonly string[], permission: Permission): boolean =>
  scopes.some((s) => (SCOPES[s as Scope] as readonly Permission[] | undefined)?.includes(permission));
