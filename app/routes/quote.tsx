import { data, redirect } from "react-router";
import type { Route } from "./+types/quote";
import { PageTitle } from "../components/PageTitle.tsx";
import quotingCss from "../styles/quoting.css?url";
import drawingsCss from "../drawings/drawings.css?url";
import messagesCss from "../styles/messages.css?url";
import { DrawingThumbs, type DrawingThumb } from "../drawings/DrawingThumbs.tsx";
import { errorPage, callApi, sendApi } from "../api/client.ts";
import { requireTenantSite, viewerContext } from "../lib/session.server.ts";
import { useFormat } from "../format/use-format.ts";
import type { Catalog } from "../quoting/catalog.ts";
import { describeConfiguration, uValueField } from "../../engine/documents/describe.ts";
import type { ItemConfiguration, ItemModel, QuoteView } from "../quoting/quote-types.ts";
import { QuoteItemCard } from "../quoting/QuoteItemCard.tsx";
import { QuoteSummary } from "../quoting/QuoteSummary.tsx";
import { PaymentPanel, type OrderView } from "../quoting/PaymentPanel.tsx";
import { SharePanel } from "../quoting/SharePanel.tsx";
import { ChangesPanel, EditItemForm, itemEditOf, RequoteButton } from "../quoting/QuoteEdits.tsx";
import { AddItemForm, itemAdditionOf, type Addable } from "../quoting/AddItemForm.tsx";
import { useLiveQuote } from "../quoting/use-live-quote.ts";
import { ManualPriceForm, type ManualPriceFailure } from "../quoting/ManualPriceForm.tsx";
import { DiscountForm, type DiscountState } from "../quoting/DiscountForm.tsx";
import { formFailure, text } from "../lib/forms.ts";
import { toMinor } from "../format/money.ts";
import { isStaff } from "../../shared/access.ts";
import { REBUILD_INTENT, TechnicalPackagePanel, type TechnicalPackageView } from "../quoting/TechnicalPackagePanel.tsx";
import { MessageThread } from "../messages/MessageThread.tsx";
import { loadThread, messageTooLarge, postMessage, tooLarge, type MessageFailure, type MessageRefusal } from "../messages/thread.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: quotingCss },
  { rel: "stylesheet", href: drawingsCss },
  { rel: "stylesheet", href: messagesCss },
];

/** The quote as its visitor may see it (a guest by their guest cookie), with its parts' files and the catalogue's names. */
export async function loader(args: Route.LoaderArgs) {
  const site = requireTenantSite(args.context);
  const quote = await callApi<QuoteView>(args, `/quotes/${encodeURIComponent(args.params.id)}`);
  if (!quote.ok) throw errorPage(quote);
  const ids = [...new Set(quote.data.items.map((i) => i.model_id).filter((id): id is string => !!id))];
  const configurationIds = [...new Set(quote.data.items.map((i) => i.configuration_id).filter((id): id is string => !!id))];
  const [catalog, models, configurations, drawings] = await Promise.all([
    callApi<Catalog>(args, "/catalog"),
    Promise.all(ids.map((id) => callApi<ItemModel & { id: string }>(args, `/models/${id}`))),
    Promise.all(
      configurationIds.map((id) =>
        callApi<{ id: string; name: string | null; product_id: string; product_name: string | null; config: Record<string, unknown>; engineering: unknown }>(
          args,
          `/configurations/${id}`,
        ),
      ),
    ),
    // Each configured product's current drawings, shown as thumbnails; a visitor who may not see drawings (a guest) sees none.
    Promise.all(configurationIds.map((id) => callApi<DrawingThumb[]>(args, `/drawings?configuration_id=${id}&status=current`))),
  ]);
  const drawingsOf: Record<string, DrawingThumb[]> = {};
  configurationIds.forEach((id, i) => {
    const found = drawings[i];
    drawingsOf[id] = found.ok ? found.data.map(({ id, drawing_number, drawing_type, revision }) => ({ id, drawing_number, drawing_type, revision })) : [];
  });
  // Each configured product is described field by field with its product's titles.
  const productIds = [...new Set(configurations.flatMap((c) => (c.ok ? [c.data.product_id] : [])))];
  const products = await Promise.all(productIds.map((id) => callApi<{ id: string; config_schema: Record<string, unknown> | null }>(args, `/products/${id}`)));
  const schemaOf = new Map(products.flatMap((p) => (p.ok && p.data.config_schema ? [[p.data.id, p.data.config_schema] as const] : [])));
  const modelById: Record<string, ItemModel> = {};
  for (const m of models)
    if (m.ok)
      modelById[m.data.id] = {
        filename: m.data.filename,
        units: m.data.units,
        size_bytes: m.data.size_bytes,
        analysis: m.data.analysis,
        download_url: m.data.download_url,
        source: m.data.source ? { format: m.data.source.format, download_url: m.data.source.download_url } : null,
      };
  const configurationById: Record<string, ItemConfiguration> = {};
  for (const c of configurations) {
    if (!c.ok) continue;
    const schema = schemaOf.get(c.data.product_id);
    const u = uValueField(c.data.engineering);
    const details = schema ? describeConfiguration(schema, c.data.config) : [];
    configurationById[c.data.id] = {
      product_id: c.data.product_id,
      name: c.data.name,
      product_name: c.data.product_name,
      details: u ? [...details, u] : details,
    };
  }
  const technical = configurationIds.length
    ? await callApi<TechnicalPackageView>(args, `/quotes/${encodeURIComponent(quote.data.id)}/technical-package`)
    : null;
  const viewer = args.context.get(viewerContext);
  const staff = !!viewer && isStaff(viewer.user.role);
  const back = new URL(args.request.url).searchParams.get("checkout");
  return {
    quote: quote.data,
    seller: site.tenant.seller,
    models: modelById,
    configurations: configurationById,
    drawings: drawingsOf,
    catalog: catalog.ok ? catalog.data : null,
    staff,
    addable: !staff && editableStatus(quote.data.status) ? await addableOf(args) : null,
    payment: quote.data.status === "accepted" ? await paymentOf(args, quote.data.id) : null,
    returned: back === "success" || back === "cancelled" ? (back as "success" | "cancelled") : null,
    technical: technical?.ok ? technical.data : null,
    canRebuild: !!viewer?.permissions.includes("quotes:write"),
    // The conversation with the shop, for those signed in who may read it (a guest has none).
    thread: viewer ? await loadThread(args, "quotes", quote.data.id) : null,
    canWrite: !!viewer?.permissions.includes("messages:write"),
  };
}

/** The customer edits any quote not yet decided; each change is a new revision. */
const editableStatus = (status: string) => !["accepted", "rejected", "expired"].includes(status);

/** The caller's saved designs and analysed parts, for "Add an item" (a guest who may not list them gets none). */
async function addableOf(args: Route.LoaderArgs): Promise<Addable> {
  const [designs, parts] = await Promise.all([
    callApi<{ id: string; name: string | null; product_id: string; product_name: string | null }[]>(args, "/configurations?limit=50"),
    callApi<{ id: string; filename: string; status: string; analysis: { kind: "mesh" | "profile" } | null }[]>(args, "/models?limit=50"),
  ]);
  return {
    designs: designs.ok
      ? designs.data.map((d) => ({ id: d.id, product_id: d.product_id, label: [d.name, d.product_name].filter(Boolean).join(" · ") || "Saved design" }))
      : [],
    parts: parts.ok ? parts.data.flatMap((m) => (m.status === "analyzed" && m.analysis ? [{ id: m.id, label: m.filename, kind: m.analysis.kind }] : [])) : [],
  };
}

/** The caller's saved designs of the item's product, to put another in its place (the current one first when not listed). */
function designChoice(configurationId: string, configurations: Record<string, ItemConfiguration>, addable: Addable | null) {
  const current = configurations[configurationId];
  if (!current || !addable) return null;
  const options = addable.designs.filter((d) => d.product_id === current.product_id);
  return {
    current: configurationId,
    options: options.some((d) => d.id === configurationId) ? options : [{ id: configurationId, label: current.name ?? "This design" }, ...options],
  };
}

/** Names for the designs a revision's changes mention by id. */
const designLabels = (configurations: Record<string, ItemConfiguration>, addable: Addable | null): Record<string, string> => ({
  ...Object.fromEntries(Object.entries(configurations).map(([id, c]) => [id, [c.name, c.product_name].filter(Boolean).join(" · ")])),
  ...Object.fromEntries((addable?.designs ?? []).map((d) => [d.id, d.label])),
});

/** An accepted quote's order (none yet until paid or ordered) and whether the shop takes cards. */
async function paymentOf(args: Route.LoaderArgs, quoteId: string) {
  const [order, options] = await Promise.all([
    callApi<OrderView | null>(args, `/quotes/${encodeURIComponent(quoteId)}/order`),
    callApi<{ card: boolean }>(args, "/payments/options"),
  ]);
  return { order: order.ok ? order.data : null, card: options.ok && options.data.card };
}

const INTENTS = new Set(["reject", "send", "checkout", "purchase-order", "manual-price", "discount", "remove-discount", "share-link/revoke", REBUILD_INTENT]);

/** Edits become a new revision (POST /quotes/{id}/revise): the form's intent as the body of that call. */
const REVISIONS: Record<string, (form: FormData, catalog: Catalog | null) => unknown> = {
  "edit-item": (form) => ({ changes: [itemEditOf(form)] }),
  "add-item": (form, catalog) => itemAdditionOf(form, catalog),
  "remove-item": (form) => ({ remove: [text(form, "item_id")] }),
  requote: () => ({ reason: "Requote at today's prices" }),
};

interface ActionResult {
  /** A message refused (the thread's form). */
  message?: MessageFailure;
  error?: string;
  manual?: ManualPriceFailure;
  priced?: { item_id: string; released: boolean; warnings: string[] };
  /** A discount refused, or waiting to be confirmed below cost. */
  discount?: DiscountState;
  /** A discount given or taken away, with its floor warnings. */
  discounted?: { target: string; warnings: string[] };
}

/** The API path of a discount: "quote" or an item's id. */
const discountPath = (quoteId: string, target: string) =>
  `/quotes/${encodeURIComponent(quoteId)}${target === "quote" ? "" : `/items/${encodeURIComponent(target)}`}/discount`;

/**
 * The shop's discount, typed in per cent or currency units: first a dry run, so
 * a discount at or below cost is shown with its warning to confirm; then given.
 */
async function giveDiscount(args: Route.ActionArgs, form: FormData) {
  const target = text(form, "target") || "quote";
  const values = {
    kind: text(form, "kind") === "amount" ? "amount" : "percent",
    value: text(form, "value"),
    reason: text(form, "reason"),
    customer_note: text(form, "customer_note"),
  };
  const quote = await callApi<QuoteView>(args, `/quotes/${encodeURIComponent(args.params.id)}`);
  if (!quote.ok) throw errorPage(quote);
  const fields: Record<string, string> = {};
  const percent = Number(values.value.replace(",", "."));
  const amount = toMinor(values.value, quote.data.currency);
  if (values.kind === "percent" && !(values.value && percent > 0 && percent <= 100)) fields.value = "Enter a percentage above 0 and at most 100, like 10.";
  if (values.kind === "amount" && !(amount && amount > 0)) fields.value = `Enter an amount in ${quote.data.currency}, like 25.00.`;
  if (!values.reason) fields.reason = "Say why you give this discount; only the shop sees it.";
  if (Object.keys(fields).length > 0)
    return data<ActionResult>({ discount: { target, message: "Please correct the highlighted fields.", fields, values } }, { status: 400 });
  const body = {
    ...(values.kind === "percent" ? { percent } : { amount }),
    reason: values.reason,
    ...(values.customer_note ? { customer_note: values.customer_note } : {}),
  };
  const path = discountPath(args.params.id, target);
  type Answer = { warnings: { message: string }[] };
  const refused = (failure: Extract<Awaited<ReturnType<typeof sendApi<Answer>>>, { ok: false }>) => {
    const { message, fields: at } = formFailure(failure.error, values);
    // The API names `percent` or `amount`; the form has one field for both.
    const field = at.percent ?? at.amount;
    return data<ActionResult>({ discount: { target, message, fields: { ...at, ...(field ? { value: field } : {}) }, values } }, { status: failure.status });
  };
  if (text(form, "confirmed") !== "1") {
    const dry = await sendApi<Answer>(args, path, { ...body, dry_run: true });
    if (!dry.ok) return refused(dry);
    if (dry.data.warnings.length > 0)
      return data<ActionResult>({ discount: { target, fields: {}, values, warnings: dry.data.warnings.map((w) => w.message) } });
  }
  const given = await sendApi<Answer>(args, path, body);
  if (!given.ok) return refused(given);
  return data<ActionResult>({ discounted: { target, warnings: given.data.warnings.map((w) => w.message) } });
}

const MANUAL_LABELS = { unit_price: "Unit price", lead_time_days: "Lead time", reason: "Reason", customer_note: "Note to the customer" };

/** The shop's price for one item, typed in currency units and sent in minor units; errors go back to their fields. */
async function priceByHand(args: Route.ActionArgs, form: FormData) {
  const itemId = text(form, "item_id");
  const values = Object.fromEntries(Object.keys(MANUAL_LABELS).map((k) => [k, text(form, k)]));
  const quote = await callApi<QuoteView>(args, `/quotes/${encodeURIComponent(args.params.id)}`);
  if (!quote.ok) throw errorPage(quote);
  const fields: Record<string, string> = {};
  const unit = toMinor(values.unit_price, quote.data.currency);
  if (unit === null) fields.unit_price = `Enter the price per piece in ${quote.data.currency}, like 42.50.`;
  const days = Number(values.lead_time_days);
  if (!Number.isInteger(days) || days < 1 || days > 365) fields.lead_time_days = "Enter whole working days, from 1 to 365.";
  if (!values.reason) fields.reason = "Say why you set this price; only the shop sees it.";
  if (Object.keys(fields).length > 0) {
    return data<ActionResult>({ manual: { item_id: itemId, message: "Please correct the highlighted fields.", fields, values } }, { status: 400 });
  }
  const body = { unit_price: unit, lead_time_days: days, reason: values.reason, ...(values.customer_note ? { customer_note: values.customer_note } : {}) };
  const result = await sendApi<{ released: boolean; warnings: { message: string }[] }>(
    args,
    `/quotes/${encodeURIComponent(args.params.id)}/items/${encodeURIComponent(itemId)}/manual-price`,
    body,
  );
  if (!result.ok) return data<ActionResult>({ manual: { item_id: itemId, ...formFailure(result.error, values, MANUAL_LABELS) } }, { status: result.status });
  return data<ActionResult>({ priced: { item_id: itemId, released: result.data.released, warnings: result.data.warnings.map((w) => w.message) } });
}

/**
 * Reject, send, pay an accepted quote by card (on to Stripe Checkout) or order it on a
 * purchase order, revoke the guest's share link through the API; its refusal (expired, under review) is shown on the page.
 * Accepting is the checkout's (routes/checkout.tsx).
 */
export async function action(args: Route.ActionArgs) {
  requireTenantSite(args.context);
  const refusedMessage = ({ status, failure }: MessageRefusal) => data<ActionResult>({ message: failure }, { status });
  if (await messageTooLarge(args.request)) return refusedMessage(tooLarge());
  const form = await args.request.formData();
  const intent = String(form.get("intent"));
  if (intent === "message") return refusedMessage(await postMessage(args, "quotes", args.params.id, form, `/quotes/${encodeURIComponent(args.params.id)}`));
  if (!INTENTS.has(intent) && !REVISIONS[intent]) throw data("Unknown action", { status: 400 });
  if (intent === "manual-price") return priceByHand(args, form);
  if (intent === "discount") return giveDiscount(args, form);
  if (intent === "remove-discount") {
    const target = text(form, "target") || "quote";
    const removed = await sendApi(args, discountPath(args.params.id, target), undefined, "DELETE");
    return removed.ok ? data<ActionResult>({ discounted: { target, warnings: [] } }) : revised(removed);
  }
  if (REVISIONS[intent]) {
    // A part's choices the form does not ask (finish, infill, sheet) are the shop's first offer.
    const catalog = intent === "add-item" ? await callApi<Catalog>(args, "/catalog") : null;
    const body = REVISIONS[intent](form, catalog?.ok ? catalog.data : null);
    return revised(await sendApi(args, `/quotes/${encodeURIComponent(args.params.id)}/revise`, body));
  }
  const body = intent === "reject" ? {} : intent === "purchase-order" ? { po_number: String(form.get("po_number") ?? "") } : undefined;
  const result = await sendApi<{ checkout_url?: string | null }>(args, `/quotes/${encodeURIComponent(args.params.id)}/${intent}`, body);
  if (!result.ok)
    return data<ActionResult>(
      { error: [result.error.message, ...result.error.fieldErrors.map((d) => `${d.field} ${d.message}`)].join(" — ") },
      { status: result.status },
    );
  if (intent === "checkout" && result.data.checkout_url) throw redirect(result.data.checkout_url);
  return data<ActionResult>({});
}

/** A revision's refusal (a 422 naming the field, 409 once accepted) as the page's error. */
const revised = (result: Awaited<ReturnType<typeof sendApi>>) =>
  result.ok
    ? data<ActionResult>({})
    : data<ActionResult>(
        { error: [result.error.message, ...result.error.fieldErrors.map((d) => `${d.field} ${d.message}`)].join(" — ") },
        { status: result.status },
      );

export default function QuotePage({ loaderData, actionData }: Route.ComponentProps) {
  const { day } = useFormat();
  const { quote, seller, models, configurations, drawings, catalog, staff, addable, payment, returned, technical, canRebuild, thread, canWrite } = loaderData;
  const live = useLiveQuote(quote.id, quote.status);
  const open = quote.status === "draft" || quote.status === "pricing" || quote.status === "priced";
  // An item needs the shop's review when it is blocked or a review rule names it.
  const needsReview = (index: number) => quote.items[index].blocked || quote.review_reasons.some((r) => r.item_index === index);
  const priced = actionData?.priced;
  const editable = !staff && editableStatus(quote.status);
  // The shop discounts a quote until it is decided (a priced or sent one gets a new revision).
  const discountable = open || quote.status === "sent";
  return (
    <div className="container quote-page">
      <PageTitle>{`Quote ${quote.number}`}</PageTitle>
      <header className="instant-head">
        <p className="eyebrow">Quote{quote.revision > 1 ? ` · revision ${quote.revision}` : ""}</p>
        <h1 data-testid="quote-number">{quote.number}</h1>
        <p className="muted">
          {quote.title ? `${quote.title} · ` : ""}Created {day(quote.created_at)}
          {staff && quote.customer?.name
            ? ` · for ${[quote.customer.name, quote.customer.company].filter(Boolean).join(", ")}${quote.customer.email ? ` <${quote.customer.email}>` : ""}`
            : quote.contact_email
              ? ` · for ${quote.contact_email}`
              : ""}
        </p>
        <p className="muted quote-seller" data-testid="quote-seller">
          From {[seller.legal_name, ...seller.address].join(", ")}
          {seller.vat_id ? ` · VAT ID ${seller.vat_id}` : ""}
        </p>
      </header>
      <div className="instant-layout">
        <div className="part-list">
          {priced && (
            <div className={priced.warnings.length > 0 ? "alert alert-warning" : "alert alert-success"} role="status" data-testid="manual-price-saved">
              <p>Price saved.{priced.released ? " No item needs review any more: the quote has been sent to the customer." : ""}</p>
              {priced.warnings.map((w) => (
                <p key={w}>{w}</p>
              ))}
            </div>
          )}
          {actionData?.discounted && (
            <div
              className={actionData.discounted.warnings.length > 0 ? "alert alert-warning" : "alert alert-success"}
              role="status"
              data-testid="discount-saved"
            >
              <p>Discount saved{quote.revision > 1 ? `: the customer sees revision ${quote.revision}` : ""}.</p>
              {actionData.discounted.warnings.map((w) => (
                <p key={w}>{w}</p>
              ))}
            </div>
          )}
          {quote.status === "expired" && <RequoteButton />}
          {quote.changes && quote.changes.length > 0 && (
            <ChangesPanel changes={quote.changes} revision={quote.revision} currency={quote.currency} designs={designLabels(configurations, addable)} />
          )}
          {quote.items.map((item, i) => (
            <div key={item.id}>
              <QuoteItemCard
                item={item}
                index={i}
                model={item.model_id ? (models[item.model_id] ?? null) : null}
                configuration={item.configuration_id ? (configurations[item.configuration_id] ?? null) : null}
                catalog={catalog}
              />
              {item.configuration_id && <DrawingThumbs drawings={drawings[item.configuration_id] ?? []} />}
              {editable && (
                <EditItemForm
                  key={`${quote.revision}-${item.id}`}
                  itemId={item.id}
                  index={i}
                  options={item.options}
                  catalog={catalog}
                  design={item.configuration_id ? designChoice(item.configuration_id, configurations, addable) : null}
                />
              )}
              {staff && discountable && item.status === "priced" && item.price && !item.blocked && (
                <DiscountForm
                  key={`${quote.revision}-${item.id}`}
                  target={item.id}
                  what={`item ${i + 1}`}
                  currency={quote.currency}
                  current={item.price.discount ?? null}
                  state={actionData?.discount?.target === item.id ? actionData.discount : undefined}
                />
              )}
              {staff && open && item.price && needsReview(i) && (
                <ManualPriceForm
                  key={priced?.item_id === item.id ? "saved" : "editing"}
                  itemId={item.id}
                  index={i}
                  currency={quote.currency}
                  failure={actionData?.manual?.item_id === item.id ? actionData.manual : undefined}
                />
              )}
            </div>
          ))}
          {editable && addable && <AddItemForm key={quote.revision} addable={addable} catalog={catalog} />}
        </div>
        <aside className="instant-aside">
          <QuoteSummary quote={quote} staff={staff} live={live} error={actionData?.error} />
          {staff && discountable && quote.totals && (
            <DiscountForm
              key={quote.revision}
              target="quote"
              what="the quote"
              currency={quote.currency}
              current={quote.totals.discount ?? null}
              state={actionData?.discount?.target === "quote" ? actionData.discount : undefined}
            />
          )}
          <TechnicalPackagePanel pkg={technical} canRebuild={canRebuild} />
          {quote.share_url && <SharePanel url={quote.share_url} />}
          {payment && <PaymentPanel order={payment.order} card={payment.card} returned={returned} canPay={!staff} />}
        </aside>
      </div>
      {thread && (
        <MessageThread messages={thread.messages} more={thread.more} canWrite={canWrite} failure={actionData?.message} side={staff ? "shop" : "customer"} />
      )}
    </div>
  );
}
