import { serverContext } from "../server-context.ts";
import type { Route } from "./+types/home";

export function loader({ context }: Route.LoaderArgs) {
  return context.get(serverContext).site;
}

export default function Home({ loaderData }: Route.ComponentProps) {
  return <h1>{loaderData.kind === "tenant" ? loaderData.tenant.name : "Fabquote"}</h1>;
}
