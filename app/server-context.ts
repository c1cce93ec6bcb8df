import { createContext } from "react-router";

/** What the Worker hands to loaders and actions (React Router 8 wants a RouterContextProvider). */
export interface ServerContext {
  /** Calls our own API in-process, with the visitor's cookies: the UI reads data the way any client does. */
  api(path: string, init?: RequestInit): Promise<Response>;
  site:
    | { kind: "root"; appDomain: string }
    | { kind: "tenant"; appDomain: string; tenant: { slug: string; name: string; primary_color: string; currency: string } };
}

export const serverContext = createContext<ServerContext>();
