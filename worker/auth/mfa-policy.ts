import { isStaff, type Role } from "./permissions.ts";

/**
 * Who a shop requires two-step sign-in of (issue 14): its staff, its
 * customers' admins, every customer account — any combination.
 */
export const MFA_GROUPS = ["staff", "customer_admins", "customers"] as const;
export type MfaGroup = (typeof MFA_GROUPS)[number];

/** Whether a shop's policy requires two-step sign-in of someone with `role`. */
export function mfaRequired(role: Role, groups: readonly MfaGroup[] | undefined): boolean {
  if (!groups?.length) return false;
  if (isStaff(role)) return groups.includes("staff");
  return groups.includes("customers") || (role === "customer_admin" && groups.includes("customer_admins"));
}
