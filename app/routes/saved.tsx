import { data, Form, Link } from "react-router";
import { Pager } from "../components/Pager.tsx";
import type { Route } from "./+types/saved";
import { FormAlert } from "../components/FormAlert.tsx";
import { Thumbnail } from "../components/Thumbnail.tsx";
import { PageTitle } from "../components/PageTitle.tsx";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { useFormat } from "../format/use-format.ts";
import type { SavedConfiguration } from "../configurator/product.ts";
import { errorPage, callApi, sendApi } from "../api/client.ts";
import { requireTenantSite } from "../lib/session.server.ts";
import configuratorCss from "../configurator/configurator.css?url";

/** What the list shows of a configuration: its name and key figures, not the whole engineering. */
function summary(c: SavedConfiguration) {
  const e = c.engineering as { thermal?: { overall_u_value: number }; price?: { total: number; currency: string } | null } | null;
  return {
    id: c.id,
    product_id: c.product_id,
    product_name: c.product_name,
    name: c.name,
    created_at: c.created_at,
    u_value: e?.thermal?.overall_u_value ?? null,
    price: e?.price ?? null,
  };
}

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: configuratorCss }];

export async function loader({ request, context }: Route.LoaderArgs) {
  requireTenantSite(context);
  const cursor = new URL(request.url).searchParams.get("cursor");
  const query = new URLSearchParams({ limit: "50", ...(cursor ? { cursor } : {}) });
  const list = await callApi<SavedConfiguration[]>({ request, context }, `/configurations?${query}`);
  // 401: a visitor with neither an account nor a guest session has nothing saved.
  if (!list.ok && list.status !== 401) throw errorPage(list);
  return { configurations: list.ok ? list.data.map(summary) : [], nextCursor: list.ok ? (list.pagination?.next_cursor ?? null) : null, paged: cursor !== null };
}

export async function action({ request, context }: Route.ActionArgs) {
  requireTenantSite(context);
  const id = String((await request.formData()).get("id") ?? "");
  const result = await sendApi({ request, context }, `/configurations/${encodeURIComponent(id)}`, undefined, "DELETE");
  if (!result.ok) return data({ message: result.error.message }, { status: result.status });
  return { message: null };
}

export default function Saved({ loaderData, actionData }: Route.ComponentProps) {
  const { day, money, number: num } = useFormat();
  const { configurations, nextCursor, paged } = loaderData;
  return (
    <div className="container">
      <PageTitle>Saved configurations</PageTitle>
      <div className="page-head">
        <h1>Saved configurations</h1>
        <Link to="/configure" className="button button-primary">
          Configure a product
        </Link>
      </div>
      <FormAlert message={actionData?.message ?? undefined} />
      {configurations.length === 0 ? (
        <section className="empty-state" aria-labelledby="empty-title">
          <h2 id="empty-title">Nothing saved yet</h2>
          <p>Configurations you save while configuring a product are kept here, ready to open again or add to a quote.</p>
          <Link to="/configure" className="button button-primary">
            Choose a product
          </Link>
        </section>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Your saved configurations</caption>
          <thead>
            <tr>
              <th scope="col">Configuration</th>
              <th scope="col">Product</th>
              <th scope="col">U-value</th>
              <th scope="col">Price</th>
              <th scope="col">Saved</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {configurations.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/configure/${c.product_id}?configuration=${c.id}`}>{c.name ?? "Untitled configuration"}</Link>
                </th>
                <td data-label="Product">
                  <span className="parts-cell">
                    {c.product_name && <Thumbnail src={`/api/v1/configurations/${c.id}/thumbnail`} />}
                    {c.product_name ?? "No longer offered"}
                  </span>
                </td>
                <td data-label="U-value" className="nowrap">
                  {c.u_value === null ? "—" : `${num(c.u_value, 2)} W/m²K`}
                </td>
                <td data-label="Price" className="nowrap">
                  {c.price ? money(c.price.total, c.price.currency) : "On request"}
                </td>
                <td data-label="Saved" className="nowrap">
                  {day(c.created_at)}
                </td>
                <td className="row-actions">
                  <div className="inline-form">
                    {c.product_name && (
                      <Link
                        to={`/configure/${c.product_id}?configuration=${c.id}`}
                        className="button button-secondary"
                        aria-label={`Open ${c.name ?? "untitled configuration"}`}
                      >
                        Open
                      </Link>
                    )}
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="id" value={c.id} />
                      <SubmitButton variant="danger" pendingLabel="Deleting…" pendingWhen={({ formData }) => formData.get("id") === c.id}>
                        Delete<span className="visually-hidden"> {c.name ?? "untitled configuration"}</span>
                      </SubmitButton>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Pages of saved configurations" path="/saved" nextCursor={nextCursor} paged={paged} first="Newest" next="Older" />
    </div>
  );
}
