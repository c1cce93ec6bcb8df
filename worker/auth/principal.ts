import type { Role } from "./permissions.ts";

/** Who is calling: a signed-in user or an API key (acting for the user who made it). */
export type Principal =
  | { kind: "user"; userId: string; role: Role; customerId: string | null; email: string; name: string }
  | {
      kind: "api_key";
      keyId: string;
      scopes: string[];
      userId: string | null;
      role: Role;
      customerId: string | null;
    };
