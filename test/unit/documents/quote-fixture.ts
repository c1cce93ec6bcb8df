/**
 * A realistic quote as the PDF sees it: a printed bracket, a laser-cut plate
 * (a DXF with holes) and the seed's double door, priced with the demo price
 * book and the door family's own engineering, each with its real picture.
 */
import { describeConfiguration, describePart, uValueField } from "../../../engine/documents/describe.ts";
import type { QuotePdfInput } from "../../../engine/documents/quote-pdf.ts";
import { readProfile } from "../../../engine/mesh/profile/index.ts";
import { compilePriceBook } from "../../../engine/pricing/compile.ts";
import { customerBook } from "../../../engine/pricing/customer-book.ts";
import { demoCatalog } from "../../../engine/pricing/demo-catalog.ts";
import { parsePriceBook } from "../../../engine/pricing/price-book.ts";
import { price } from "../../../engine/pricing/price.ts";
import { quoteTotals } from "../../../engine/pricing/quote.ts";
import type { PriceOptions } from "../../../engine/pricing/types.ts";
import { doorFamily } from "../../../engine/products/index.ts";
import { SEED_EXAMPLE_DOOR } from "../../../engine/products/door/example.ts";
import { EXAMPLE_DOOR_PRICES } from "../../../engine/products/door/pricing.ts";
import { encodePng, renderProfileThumbnail, renderThumbnail } from "../../../engine/render/index.ts";
import { priceConfiguredItem } from "../../../worker/quotes/configured.ts";
import { box as solidBox } from "../mesh/solids.ts";
import { box } from "../pricing/fixtures.ts";
import { circle, dxf, lwpolyline } from "../profile/fixtures.ts";

export const book = compilePriceBook(customerBook(parsePriceBook(demoCatalog)));

export const BRACKET_NAME = "bracket-left-mounting-plate-with-slots_rev-C_final-export-from-fusion360.stl";
const bracketOptions: PriceOptions = { process: "fff", material: "pla", finish: "as-printed", quantity: 10 };
const bracketPrice = price(box(80, 45, 30), book, bracketOptions);
const bracketPicture = encodePng(
  renderThumbnail([{ positions: Float32Array.from(solidBox([80, 45, 30]).flat()), color: [0.42, 0.52, 0.66, 1] }], { size: 128 }),
);

export const PLATE_NAME = "cover-plate.dxf";
const plateDrawing = readProfile(
  dxf(
    lwpolyline(
      [
        [0, 0],
        [200, 0],
        [200, 120],
        [0, 120],
      ],
      true,
    ) +
      circle([30, 30], 6) +
      circle([170, 30], 6) +
      circle([100, 70], 25),
  ),
  { format: "dxf" },
);
const plateOptions: PriceOptions = { process: "laser", material: "s235", thickness_mm: 3, quantity: 25 };
const platePrice = price(plateDrawing.analysis, book, plateOptions);
const platePicture = encodePng(renderProfileThumbnail(plateDrawing.contours, { size: 128 }));

const engineering = doorFamily.engineering(SEED_EXAMPLE_DOOR, { prices: EXAMPLE_DOOR_PRICES });
const doorPrice = priceConfiguredItem(book, { id: "p1", name: doorFamily.name, generator_key: doorFamily.key }, engineering.price, { quantity: 1 });
const geometry = doorFamily.geometry(SEED_EXAMPLE_DOOR);
const colours = new Map(geometry.materials.map((m) => [m.name, m.base_color]));
const doorPicture = encodePng(
  renderThumbnail(
    geometry.meshes.map((m) => ({ positions: m.positions, indices: m.indices, color: colours.get(m.material)! })),
    { size: 128, up: "y" },
  ),
);
export const DOOR_DETAILS = [...describeConfiguration(doorFamily.schema, SEED_EXAMPLE_DOOR as unknown as Record<string, unknown>), uValueField(engineering)!];

export const quoteInput: QuotePdfInput = {
  shop: {
    name: "Acme Fab",
    legal_name: "Acme Fabrication GmbH",
    address: ["Industriestraße 12", "70565 Stuttgart", "Germany"],
    vat_id: "DE123456789",
    primary_color: "#0b7285",
  },
  terms: "Prices are in the currency shown and hold until the validity date.\nLead times count working days from order and payment.",
  quote: {
    number: "Q-2026-0042",
    revision: 2,
    status: "priced",
    currency: "EUR",
    created_at: "2026-12-05T10:00:00.000Z",
    valid_until: "2027-01-04T10:00:00.000Z",
    title: "Prototype batch",
    contact_email: "buyer@example.com",
    price_book_version: "1",
    review_required: false,
    totals: quoteTotals(book, [bracketPrice, platePrice, doorPrice]),
    items: [
      {
        position: 0,
        label: BRACKET_NAME,
        description: describePart(demoCatalog, bracketOptions),
        details: [],
        picture: bracketPicture,
        status: "priced",
        quantity: 10,
        price: bracketPrice,
        size_mm: [80, 45, 30],
      },
      {
        position: 1,
        label: PLATE_NAME,
        description: describePart(demoCatalog, plateOptions),
        details: [],
        picture: platePicture,
        status: "priced",
        quantity: 25,
        price: platePrice,
        size_mm: [200, 120],
      },
      {
        position: 2,
        label: "Front entrance, SPW600e double door",
        description: doorFamily.name,
        details: DOOR_DETAILS,
        picture: doorPicture,
        status: "priced",
        quantity: 1,
        price: doorPrice,
        size_mm: null,
      },
    ],
  },
};
