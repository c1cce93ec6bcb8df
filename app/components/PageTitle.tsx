import { useRouteLoaderData } from "react-router";
import type { loader as rootLoader } from "../root.tsx";

/** The document title, suffixed with the shop's name (React hoists <title> into <head>). */
export function PageTitle({ children }: { children: string }) {
  const site = useRouteLoaderData<typeof rootLoader>("root")?.site;
  const suffix = site?.kind === "tenant" ? site.tenant.name : "Fabquote";
  return <title>{children ? `${children} · ${suffix}` : suffix}</title>;
}
