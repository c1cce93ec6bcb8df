/** The signed-in visitor as `GET /api/v1/me` describes them. */
export interface Viewer {
  user: { id: string; email: string; name: string; role: string; customer_id: string | null };
  permissions: string[];
  /** Two-step sign-in: on for them; required of them by the shop (when required and off, they set it up first). */
  mfa: { enabled: boolean; required: boolean } | null;
}

/** The admin area is for whoever may manage users and API keys (owner and admin). */
export const canAdminister = (viewer: Viewer | null | undefined) =>
  !!viewer && viewer.permissions.includes("users:read") && viewer.permissions.includes("api_keys:manage");
