import type { QuoteChangeView } from "./QuoteEdits.tsx";
/** A quote as GET /api/v1/quotes/:id presents it (the fields the quote page uses). */
import type { QuoteTotals, ReviewReason } from "../../engine/pricing/quote.ts";
import type { Blocker, ItemPrice } from "../../engine/pricing/blockers.ts";
import type { PriceOptions } from "../../engine/pricing/types.ts";
import type { LineDiscount } from "../../engine/pricing/discount.ts";
import type { DescribedField } from "../../engine/documents/describe.ts";

export type QuoteStatus = "draft" | "pricing" | "priced" | "sent" | "accepted" | "rejected" | "expired";

export interface QuoteItemView {
  id: string;
  position: number;
  model_id: string | null;
  /** A configured product instead of an uploaded part. */
  configuration_id: string | null;
  options: PriceOptions;
  status: string;
  /** With the shop's line discount when it gave one (decision 71). */
  price: (ItemPrice & { discount?: LineDiscount }) | null;
  /** It cannot be made as it is: no price; `blockers` say why and how to fix it. */
  blocked: boolean;
  blockers: Blocker[];
  error: { code: string; message: string } | null;
  preview_total: number | null;
  price_differs: boolean;
}

export interface QuoteView {
  id: string;
  number: string;
  status: QuoteStatus;
  revision: number;
  title: string | null;
  contact_email: string | null;
  currency: string;
  price_book_version: string;
  totals: QuoteTotals | null;
  review_required: boolean;
  /** The engine's review rules, and ITEM_BLOCKED for an item that cannot be made as it is. */
  review_reasons: (ReviewReason | { code: "ITEM_BLOCKED"; message: string; item_index?: number })[];
  valid_until: string | null;
  created_at: string | null;
  items: QuoteItemView[];
  /** Who the quote is for (the shop's view names them). */
  customer?: { name: string | null; email: string | null; company: string | null };
  /** The guest's own link to this quote (GET /quotes/{id} gives it to the guest who saved it only). */
  share_url?: string | null;
  /** What this revision changed from the one before (GET /quotes/{id}). */
  changes?: QuoteChangeView[];
}

/** What the quote page knows of each item's file from GET /api/v1/models/:id. */
export interface ItemModel {
  filename: string;
  units: "mm" | "in";
  size_bytes: number;
  analysis: { kind?: "mesh" | "profile"; volume_mm3?: number; bbox_mm?: { size: number[] }; cut_length_mm?: number } | null;
  /** The file, through a link signed for the visitor (GET /models/:id makes it). */
  download_url: string | null;
  /** The CAD file the mesh was made from in the buyer's browser (STEP or IGES), when there was one. */
  source?: { format: "step" | "iges"; download_url: string | null } | null;
}

/** What the quote page shows of a configured item, from GET /api/v1/configurations/:id. */
export interface ItemConfiguration {
  product_id: string;
  name: string | null;
  product_name: string | null;
  /** Every field of the configuration in words, with its U-value when the product computes one. */
  details: DescribedField[];
}

/** Statuses in which the server is still working and the page should follow along. */
export const isSettling = (status: QuoteStatus) => status === "draft" || status === "pricing";
