import type { ApiKeyTier } from "../rate-limits/tiers.ts";
import type { Role } from "./permissions.ts";

/** Who is calling: a signed-in user or an API key (acting for the user who made it). */
export type Principal =
  | {
      kind: "user";
      userId: string;
      role: Role;
      customerId: string | null;
      email: string;
      name: string;
      /** Two-step sign-in: on for this person; required of them by the shop's policy. */
      mfa: { enabled: boolean; required: boolean };
    }
  | {
      kind: "api_key";
      keyId: string;
      scopes: string[];
      /** Its rate-limit tier (worker/rate-limits/tiers.ts). */
      tier: ApiKeyTier;
      /** The user who made the key: it acts for them, and dies with them. */
      userId: string;
      role: Role;
      customerId: string | null;
    };
