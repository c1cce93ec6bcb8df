import { createContext } from "react-router";

/** What the Worker hands to loaders and actions (React Router 8 wants a RouterContextProvider). */
export interface ServerContext {
  /** Calls our own API in-process, with the visitor's cookies: the UI reads data the way any client does. */
  api(path: string, init?: RequestInit): Promise<Response>;
  site:
    | { kind: "root"; appDomain: string }
    | {
        kind: "tenant";
        appDomain: string;
        tenant: {
          slug: string;
          name: string;
          primary_color: string;
          /** The shop's logo (shown instead of its initial), or null. */
          logo_url: string | null;
          currency: string;
          /** How the shop's pages write money, numbers and dates (BCP 47, e.g. `en-GB`). */
          locale: string;
          /** Who quotes are made out by: the registered name (the shop's name when unset), address lines and VAT ID. */
          seller: { legal_name: string; address: string[]; vat_id: string | null };
        };
      };
}

export const serverContext = createContext<ServerContext>();
