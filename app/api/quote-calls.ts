import type { QuoteItemView, QuoteView } from "../quoting/quote-types.ts";
import type { ServerModel } from "../quoting/upload.ts";
import type { ApiClient } from "./typed-client.ts";

/**
 * The calls the quote flow makes (SaveQuote, upload, the quote page), through
 * the typed client. Each answer is returned as the type the UI's components
 * take, so the compiler fails when the server's declared schema and the UI's
 * use of it part ways. Items' `options` and `price` are left out: the UI types
 * them as a part's (PriceOptions, ItemPrice), while a configured item's options
 * hold only quantity and lead time — to be reconciled with the UI's types.
 */
type QuotePage = Omit<QuoteView, "items"> & { items: Omit<QuoteItemView, "options" | "price">[] };

/** Saves a quote; the key makes a retry after a lost answer return the same quote. */
export async function saveQuote(
  api: ApiClient,
  items: { model_id: string; process: "fff" | "sla" | "cnc" | "laser"; material: string; quantity: number }[],
  idempotencyKey: string,
  contactEmail?: string,
) {
  const { data } = await api.POST("/quotes", { body: { items, contact_email: contactEmail }, params: { header: { "idempotency-key": idempotencyKey } } });
  return data?.data.id;
}

export async function quote(api: ApiClient, id: string): Promise<QuotePage | undefined> {
  const { data } = await api.GET("/quotes/{id}", { params: { path: { id } } });
  return data?.data;
}

export async function model(api: ApiClient, id: string): Promise<ServerModel | undefined> {
  const { data } = await api.GET("/models/{id}", { params: { path: { id } } });
  return data?.data;
}

export async function startUpload(api: ApiClient, filename: string, size: number) {
  const { data } = await api.POST("/models/uploads", { params: { query: { filename } }, body: { size_bytes: size } });
  return data && { id: data.data.id, part_size: data.data.part_size, part_count: data.data.part_count };
}

export async function completeUpload(api: ApiClient, id: string): Promise<ServerModel | undefined> {
  const { data } = await api.POST("/models/uploads/{id}/complete", { params: { path: { id } } });
  return data?.data;
}

export async function accept(api: ApiClient, id: string): Promise<QuotePage | undefined> {
  const { data } = await api.POST("/quotes/{id}/accept", { params: { path: { id } } });
  return data?.data;
}
