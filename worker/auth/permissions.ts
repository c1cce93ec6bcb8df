/** The permission table lives in shared/access.ts, shared with the UI; the Worker enforces it from here. */
export {
  CUSTOMER_ROLES,
  isStaff,
  PERMISSIONS,
  type Permission,
  type Role,
  ROLES,
  roleAllows,
  SCOPE_NAMES,
  SCOPES,
  type Scope,
  scopesAllow,
  scopesGranting,
  STAFF_ROLES,
} from "../../shared/access.ts";
