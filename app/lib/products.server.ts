import { data, redirect } from "react-router";
import { PRODUCT_FAMILIES } from "../../engine/products/index.ts";
import { sendApi, type ApiFailure } from "../api/client.ts";
import { text } from "./forms.ts";
import { readPriceTable } from "./price-table.ts";
import { formValuesOf, type AdminProduct, type ProductFailure, type ProductFormValues } from "./products.ts";

type Args = Parameters<typeof sendApi>[0];

/** What the product form sent, kept as typed so a refused form shows it again. */
function valuesOf(form: FormData): ProductFormValues {
  return {
    name: text(form, "name"),
    description: text(form, "description"),
    active: form.get("active") === "on",
    config_schema: String(form.get("config_schema") ?? ""),
    u_value_limit: text(form, "u_value_limit"),
    prices: readPriceTable(form),
  };
}

/**
 * Creates (POST) or saves (PATCH) a product from the admin form, then shows
 * its page; a refusal comes back with the API's field paths and what was typed.
 */
export async function saveProduct(args: Args, form: FormData, target: { create: string } | { id: string }) {
  const values = valuesOf(form);
  let config_schema: unknown;
  try {
    config_schema = JSON.parse(values.config_schema);
  } catch (e) {
    const message = `Not valid JSON: ${(e as Error).message}.`;
    return data(
      { failure: { message: "The configuration schema is not valid JSON.", issues: [{ field: "config_schema", message }], values } satisfies ProductFailure },
      { status: 400 },
    );
  }
  const u = values.u_value_limit;
  const params = { ...(u === "" ? {} : { u_value_limit: Number.isFinite(Number(u)) ? Number(u) : u }), prices: values.prices };
  const result =
    "create" in target
      ? await sendApi<AdminProduct>(args, "/products", {
          name: values.name,
          generator_key: target.create,
          ...(values.description ? { description: values.description } : {}),
          config_schema,
          params,
        })
      : await sendApi<AdminProduct>(
          args,
          `/products/${encodeURIComponent(target.id)}`,
          { name: values.name, description: values.description || null, active: values.active, config_schema, params },
          "PATCH",
        );
  if (result.ok) return redirect(`/admin/products/${result.data.id}?saved=${"create" in target ? "created" : "saved"}`);
  return data({ failure: failureOf(result.error, values) }, { status: result.status });
}

/** The API's details as the form shows them: `params.prices.items.X` is the input `prices.items.X`; schema paths stay JSON pointers. */
function failureOf(error: ApiFailure, values: ProductFormValues): ProductFailure {
  const issues = error.fieldErrors.map((d) => ({ field: d.field.replace(/^params\./, "").replace(/^\//, ""), message: d.message }));
  const n = issues.length;
  const message = n === 0 ? error.message : `Not saved: ${n === 1 ? "1 value needs" : `${n} values need`} correcting.`;
  return { message, issues, values };
}

/** The registered generators the create form offers. */
export const GENERATORS = Object.values(PRODUCT_FAMILIES).map((f) => ({ key: f.key, name: f.name }));

/** A new product of a generator starts from its schema and starter price table. */
export function newProductValues(generatorKey: string): ProductFormValues | null {
  const family = Object.hasOwn(PRODUCT_FAMILIES, generatorKey) ? PRODUCT_FAMILIES[generatorKey] : undefined;
  if (!family) return null;
  const params = family.starterParams as AdminProduct["params"];
  return formValuesOf({ name: "", description: null, active: true, config_schema: family.schema, params });
}
