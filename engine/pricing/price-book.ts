import { z } from "zod";
import { EngineError } from "../errors.ts";

/**
 * A tenant's price book: the catalogue and every rate the calculators use.
 * Versioned and never edited in place; a price carries `version` so it can be
 * reproduced later. Money is integer minor units of `currency`; rates that
 * multiply a measured quantity (per kg, per hour, per m²) are minor units too.
 *
 * The book the shop writes (`PriceBook`) holds costs, its margin and its
 * review rules and never leaves the Worker. The calculators price from a
 * `SellBook` of the same shape compiled from it (see `customer-book.ts`):
 * `prices: "sell"` is the customer book (margin folded into every rate, what
 * the browser gets), `prices: "cost"` the shop's own costs.
 */
export const PROCESSES = ["fff", "sla", "cnc", "laser"] as const;
export const processSchema = z.enum(PROCESSES);
export type ProcessCode = z.infer<typeof processSchema>;

const code = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lowercase letters, digits, - and _; at most 64");
const name = z.string().min(1).max(200);
const money = z.number().int().nonnegative();
const positive = z.number().positive().finite();
const nonNegative = z.number().nonnegative().finite();
const fraction = z.number().min(0).max(1);
const share = z.number().gt(0).max(1);
const size3 = z.tuple([positive, positive, positive]);
const size2 = z.tuple([positive, positive]);

const machineBase = {
  code,
  name,
  hourly_rate: money,
};

const printerMaterials = {
  /** Materials this printer may run; all of the process's materials when absent. */
  materials: z.array(code).optional(),
  /** Sparse support fill, as a fraction of the supported column's volume. */
  support_density: fraction,
  /** Mean support height as a fraction of the part's height (overhangs sit at every level). */
  support_height_factor: fraction,
};

/**
 * Print time fitted to the shop's own slicer (POST /price-books/calibrations,
 * engine/pricing/fff-calibration.ts). When present it replaces the machine's
 * single volumetric flow and layer overhead in pricing. `fit_report` is how
 * well it fitted: the shop's to see, never in the customer book.
 */
export const fffTimeCalibrationSchema = z.object({
  perimeter_flow_mm3_s: positive,
  infill_flow_mm3_s: positive,
  layer_overhead_s: nonNegative,
  /** Travel, retraction and seam per island (separate body) per layer. */
  island_travel_s: nonNegative,
  fit_report: z
    .object({
      samples: z.number().int().positive(),
      mean_relative_error: nonNegative,
      max_relative_error: nonNegative,
      slicers: z.array(z.string().max(40)).max(10),
      fitted_at: z.string().max(40),
    })
    .optional(),
});

/** PrusaSlicer's own default `slowdown_below_layer_time`; its PLA profiles use 15 s, Cura 10 s. */
export const DEFAULT_MIN_LAYER_TIME_S = 5;

export const fffMachineSchema = z.object({
  ...machineBase,
  build_volume_mm: size3,
  layer_height_mm: positive,
  walls: z.number().int().min(1).max(20),
  line_width_mm: positive,
  volumetric_flow_mm3_s: positive,
  layer_overhead_s: nonNegative,
  /**
   * The slicer slows a quicker layer down to this many seconds so it cools
   * before the next (PrusaSlicer `slowdown_below_layer_time`, Cura "Minimum
   * Layer Time"); 0 for none. Books from before it price with the default.
   */
  min_layer_time_s: z.number().min(0).max(600).default(DEFAULT_MIN_LAYER_TIME_S),
  time_calibration: fffTimeCalibrationSchema.optional(),
  ...printerMaterials,
});

export const slaMachineSchema = z.object({
  ...machineBase,
  build_volume_mm: size3,
  layer_height_mm: positive,
  layer_time_s: positive,
  platform_area_mm2: positive,
  /** Share of the platform that parts can actually cover. */
  packing_efficiency: share,
  ...printerMaterials,
});

export const cncMachineSchema = z.object({
  ...machineBase,
  travel_mm: size3,
  max_stock_mm: size3,
  removal_rates: z.array(z.object({ material: code, mm3_per_min: positive })).min(1),
  finishing_rate_mm2_min: positive,
  /** Fixturing and zeroing, once per setup per batch. */
  setup_time_min: nonNegative,
  /** Loading one part into the fixture, once per setup per part. */
  part_load_min: nonNegative,
});

export const laserMachineSchema = z.object({
  ...machineBase,
  sheet_sizes_mm: z.array(size2).min(1),
  kerf_mm: positive,
  cut_rates: z.array(z.object({ material: code, thickness_mm: positive, speed_mm_min: positive, pierce_s: nonNegative })).min(1),
});

const processBase = {
  /** Charged once per order line (file preparation, programming). */
  setup_fee: money,
  /** The least an order line of this process costs. */
  minimum_charge: money,
};

export const fffProcessSchema = z.object({
  ...processBase,
  infill: z.object({ default: fraction, min: fraction, max: fraction }),
  machines: z.array(fffMachineSchema).min(1),
});
export const slaProcessSchema = z.object({ ...processBase, machines: z.array(slaMachineSchema).min(1) });
export const cncProcessSchema = z.object({
  ...processBase,
  /** Extra stock on every side of the part's oriented box. */
  stock_allowance_mm: nonNegative,
  machines: z.array(cncMachineSchema).min(1),
});
export const laserProcessSchema = z.object({
  ...processBase,
  /** Share of the sheet that ends up in parts. */
  nesting_efficiency: share,
  part_spacing_mm: nonNegative,
  machines: z.array(laserMachineSchema).min(1),
});

const materialPriceSchema = z.discriminatedUnion("unit", [
  z.object({ unit: z.literal("kg"), amount: money }),
  z.object({ unit: z.literal("litre"), amount: money }),
  z.object({
    unit: z.literal("sheet"),
    sheet_mm: size2,
    thicknesses: z.array(z.object({ thickness_mm: positive, amount: money })).min(1),
  }),
]);

export const materialSchema = z.object({
  code,
  name,
  processes: z.array(processSchema).min(1),
  density_g_cm3: positive,
  price: materialPriceSchema,
  colours: z.array(z.string().min(1).max(60)),
  min_wall_mm: positive.optional(),
});

export const finishSchema = z.object({
  code,
  name,
  processes: z.array(processSchema).min(1),
  /** The materials it can be applied to (each offered for one of `processes`). */
  materials: z.array(code).min(1),
  pricing: z.discriminatedUnion("basis", [
    z.object({ basis: z.literal("per_part"), amount: money }),
    z.object({ basis: z.literal("per_area"), per_m2: money }),
  ]),
  extra_days: z.number().int().nonnegative(),
});

export const leadTimeSchema = z.object({
  code,
  label: name,
  factor: z.number().min(0.1).max(10),
  days: z.number().int().nonnegative(),
});

export const reviewRulesSchema = z.object({
  /** Quotes whose net value exceeds this go to manual review. */
  max_order_value: money.nullable(),
  /** Items with a larger quantity go to manual review. */
  max_item_quantity: z.number().int().positive().nullable(),
  /** Findings at or above this severity go to manual review. */
  dfm_severity: z.enum(["warning", "error"]).nullable(),
});

/** What the calculators read: the catalogue and its rates, without the shop's margin and rules. */
const catalogueFields = {
  version: z.string().min(1).max(100),
  currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code"),
  tax: z.object({ label: name, rate: fraction, inclusive: z.boolean() }),
  minimum_order_value: money,
  max_quantity: z.number().int().positive().max(1_000_000),
  quantity_breaks: z.array(z.object({ min_qty: z.number().int().positive(), discount: z.number().min(0).max(0.9) })),
  lead_times: z.array(leadTimeSchema).min(1),
  default_lead_time: code,
  processes: z.object({
    fff: fffProcessSchema.optional(),
    sla: slaProcessSchema.optional(),
    cnc: cncProcessSchema.optional(),
    laser: laserProcessSchema.optional(),
  }),
  materials: z.array(materialSchema).min(1),
  finishes: z.array(finishSchema),
};

export const marginSchema = z.object({ target: z.number().min(0).lt(0.95), floor: z.number().min(0).lt(0.95) });

/** The book the shop writes and publishes: costs, margin and review rules. Private to the Worker. */
export const priceBookSchema = z.object({ ...catalogueFields, margin: marginSchema, review_rules: reviewRulesSchema }).superRefine((book, ctx) => {
  checkReferences(book, ctx);
  if (book.margin.floor > book.margin.target) ctx.addIssue({ code: "custom", path: ["margin", "floor"], message: "floor is above the target margin" });
});

/**
 * A book the calculators price from, compiled from a `PriceBook`: `sell` is the
 * customer book (what GET /catalog returns and the browser prices with),
 * `cost` the shop's costs with nothing added.
 */
export const sellBookSchema = z.strictObject({ ...catalogueFields, prices: z.enum(["sell", "cost"]) }).superRefine((book, ctx) => checkReferences(book, ctx));

export type SellBook = z.infer<typeof sellBookSchema>;
export type Margin = z.infer<typeof marginSchema>;
export type PriceBook = z.infer<typeof priceBookSchema>;
export type FffMachine = z.infer<typeof fffMachineSchema>;
export type FffTimeCalibration = z.infer<typeof fffTimeCalibrationSchema>;
export type SlaMachine = z.infer<typeof slaMachineSchema>;
export type CncMachine = z.infer<typeof cncMachineSchema>;
export type LaserMachine = z.infer<typeof laserMachineSchema>;
export type Machine = FffMachine | SlaMachine | CncMachine | LaserMachine;
export type FffProcess = z.infer<typeof fffProcessSchema>;
export type SlaProcess = z.infer<typeof slaProcessSchema>;
export type CncProcess = z.infer<typeof cncProcessSchema>;
export type LaserProcess = z.infer<typeof laserProcessSchema>;
export type Material = z.infer<typeof materialSchema>;
export type Finish = z.infer<typeof finishSchema>;
export type LeadTime = z.infer<typeof leadTimeSchema>;
export type ReviewRules = z.infer<typeof reviewRulesSchema>;

/** The price unit each process buys its material in. */
export const MATERIAL_UNIT: Record<ProcessCode, "kg" | "litre" | "sheet"> = {
  fff: "kg",
  sla: "litre",
  cnc: "kg",
  laser: "sheet",
};

type Ctx = z.RefinementCtx;

/** Cross-references a flat schema cannot express: unique codes, known codes, compatible units. */
function checkReferences(book: Omit<SellBook, "prices">, ctx: Ctx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const unique = (items: { code: string }[], path: string) => {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (seen.has(it.code)) issue([path, i, "code"], `duplicate code "${it.code}"`);
      seen.add(it.code);
    });
  };
  unique(book.materials, "materials");
  unique(book.finishes, "finishes");
  unique(book.lead_times, "lead_times");

  if (!book.lead_times.some((l) => l.code === book.default_lead_time)) {
    issue(["default_lead_time"], `no lead time "${book.default_lead_time}"`);
  }
  book.quantity_breaks.forEach((b, i) => {
    if (i > 0 && b.min_qty <= book.quantity_breaks[i - 1].min_qty) {
      issue(["quantity_breaks", i, "min_qty"], "breaks must be in increasing min_qty order");
    }
  });

  const materials = new Map(book.materials.map((m) => [m.code, m]));
  const materialFor = (path: (string | number)[], code: string, process: ProcessCode): Material | undefined => {
    const m = materials.get(code);
    if (!m) issue(path, `no material "${code}"`);
    else if (!m.processes.includes(process)) issue(path, `material "${code}" is not offered for ${process}`);
    return m;
  };

  book.materials.forEach((m, i) => {
    for (const p of m.processes) {
      if (!book.processes[p]) issue(["materials", i, "processes"], `process ${p} is not configured`);
      if (m.price.unit !== MATERIAL_UNIT[p]) {
        issue(["materials", i, "price", "unit"], `${p} needs a price per ${MATERIAL_UNIT[p]}`);
      }
    }
  });
  book.finishes.forEach((f, i) => {
    for (const p of f.processes) if (!book.processes[p]) issue(["finishes", i, "processes"], `process ${p} is not configured`);
    f.materials.forEach((c, j) => {
      const m = materials.get(c);
      if (!m) issue(["finishes", i, "materials", j], `no material "${c}"`);
      else if (!m.processes.some((p) => f.processes.includes(p))) {
        issue(["finishes", i, "materials", j], `material "${c}" is not offered for ${f.processes.join(" or ")}`);
      }
    });
  });

  const machineCodes = new Set<string>();
  for (const p of PROCESSES) {
    const proc = book.processes[p];
    if (!proc) continue;
    proc.machines.forEach((m: Machine, i: number) => {
      const path = ["processes", p, "machines", i];
      if (machineCodes.has(m.code)) issue([...path, "code"], `duplicate machine code "${m.code}"`);
      machineCodes.add(m.code);
      if ("materials" in m && m.materials) {
        m.materials.forEach((c, j) => materialFor([...path, "materials", j], c, p));
      }
      if ("removal_rates" in m) {
        m.removal_rates.forEach((r, j) => materialFor([...path, "removal_rates", j, "material"], r.material, p));
        m.max_stock_mm.forEach((s, j) => {
          if (s > m.travel_mm[j]) issue([...path, "max_stock_mm", j], "stock larger than the machine's travel");
        });
      }
      if ("cut_rates" in m) {
        m.cut_rates.forEach((r, j) => {
          const mat = materialFor([...path, "cut_rates", j, "material"], r.material, p);
          if (mat?.price.unit === "sheet" && !mat.price.thicknesses.some((t) => t.thickness_mm === r.thickness_mm)) {
            issue([...path, "cut_rates", j, "thickness_mm"], `"${r.material}" is not sold in ${r.thickness_mm} mm`);
          }
        });
      }
    });
  }
  if (book.processes.fff) {
    const { min, max, default: d } = book.processes.fff.infill;
    if (!(min <= d && d <= max)) issue(["processes", "fff", "infill"], "need min ≤ default ≤ max");
  }
}

/** Validates untrusted JSON (an admin upload, a stored row) into a price book. */
export function parsePriceBook(input: unknown): PriceBook {
  const r = priceBookSchema.safeParse(input);
  if (r.success) return r.data;
  throw new EngineError(
    "INVALID_PRICE_BOOK",
    "The price book is not valid.",
    422,
    r.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
  );
}
