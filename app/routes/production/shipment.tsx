import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/shipment";
import { FormAlert } from "../../components/FormAlert.tsx";
import { PageTitle } from "../../components/PageTitle.tsx";
import { StatusBadge } from "../../components/StatusBadge.tsx";
import { SubmitButton } from "../../components/SubmitButton.tsx";
import { TextField } from "../../components/TextField.tsx";
import { callApi, errorPage, sendApi } from "../../api/client.ts";
import type { Schemas } from "../../api/typed-client.ts";
import { useFormat } from "../../format/use-format.ts";
import { text } from "../../lib/forms.ts";
import { requireProduction } from "../../production/actions.server.ts";
import { Fact } from "../../production/Fact.tsx";
import productionCss from "../../styles/production.css?url";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: productionCss }];

export async function loader(args: Route.LoaderArgs) {
  const { canWrite } = requireProduction(args);
  const shipment = await callApi<Schemas["Shipment"]>(args, `/shipments/${encodeURIComponent(args.params.id)}`);
  if (!shipment.ok) throw errorPage(shipment);
  return { shipment: shipment.data, canWrite };
}

export async function action(args: Route.ActionArgs) {
  requireProduction(args);
  const receivedBy = text(await args.request.formData(), "received_by");
  const result = await sendApi(args, `/shipments/${encodeURIComponent(args.params.id)}/deliver`, { received_by: receivedBy });
  if (!result.ok) return data({ message: result.error.message, receivedBy }, { status: result.status });
  // Back to the page as it now stands, so a reload does not post again.
  return redirect(`/production/shipments/${encodeURIComponent(args.params.id)}`);
}

/** A shipment as the shop floor sees it: what left in which package, its papers and labels, and its delivery. */
export default function ShipmentPage({ loaderData, actionData }: Route.ComponentProps) {
  const { shipment, canWrite } = loaderData;
  const { day, number } = useFormat();
  const papers = `/api/v1/shipments/${shipment.id}`;
  return (
    <div className="container production">
      <PageTitle>{shipment.number}</PageTitle>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/production">Production board</Link> / {shipment.number}
      </nav>
      <header className="mo-head">
        <h1 data-testid="shipment-number">{shipment.number}</h1>
        <StatusBadge status={shipment.status} />
        <dl className="facts">
          <Fact term="Carrier">{shipment.carrier}</Fact>
          <Fact term="Tracking">
            {shipment.tracking_url ? (
              <a href={shipment.tracking_url} rel="noopener noreferrer" target="_blank">
                {shipment.tracking_number ?? "Track"}
              </a>
            ) : (
              (shipment.tracking_number ?? "—")
            )}
          </Fact>
          <Fact term="Shipped">{day(shipment.shipped_at)}</Fact>
          <Fact term="Delivered">{shipment.delivered_at ? `${day(shipment.delivered_at)}, received by ${shipment.received_by}` : "—"}</Fact>
        </dl>
      </header>

      <section aria-labelledby="papers-title">
        <h2 id="papers-title">Papers and labels</h2>
        <p className="actions">
          <a className="button button-ghost" href={`${papers}/documents/packing-list`}>
            Packing list (PDF)
          </a>
          <a className="button button-ghost" href={`${papers}/documents/delivery-note`}>
            Delivery note (PDF)
          </a>
          <a className="button button-ghost" href={`${papers}/labels`}>
            Package labels (PDF)
          </a>
        </p>
      </section>

      <section aria-labelledby="packages-title">
        <h2 id="packages-title">Packages</h2>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Package</th>
                <th scope="col">Contents</th>
                <th scope="col">Size (mm)</th>
                <th scope="col">Weight</th>
              </tr>
            </thead>
            <tbody>
              {shipment.packages.map((p, i) => (
                <tr key={i} id={`package-${i + 1}`} data-testid="package">
                  <td>
                    {i + 1} of {shipment.packages.length}
                  </td>
                  <td>
                    {p.contents.map((c) => {
                      const line = shipment.lines.find((l) => l.manufacturing_order_id === c.manufacturing_order_id);
                      return (
                        <div key={c.manufacturing_order_id}>
                          <Link to={`/production/${c.manufacturing_order_id}`}>{line?.manufacturing_order_number ?? "MO"}</Link> × {c.quantity}
                        </div>
                      );
                    })}
                  </td>
                  <td className="num">
                    {number(p.length_mm)} × {number(p.width_mm)} × {number(p.height_mm)}
                  </td>
                  <td className="num">{number(p.weight_kg)} kg</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {canWrite && shipment.status === "shipped" && (
        <section aria-labelledby="deliver-title">
          <h2 id="deliver-title">Delivery</h2>
          <FormAlert message={actionData?.message} />
          <Form method="post" className="card form">
            <TextField
              label="Received by"
              name="received_by"
              defaultValue={actionData?.receivedBy ?? ""}
              hint="Who signed for it at the delivery address."
              maxLength={120}
            />
            <SubmitButton pendingLabel="Recording…">Mark delivered</SubmitButton>
          </Form>
        </section>
      )}
    </div>
  );
}
