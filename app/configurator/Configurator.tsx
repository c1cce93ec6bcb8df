import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { getProductFamily, type ProductGeometry } from "../../engine/products/index.ts";
import { engineeringBlockers, ruleBlockers } from "../../engine/pricing/blockers.ts";
import { ConfigurationDrawings } from "../drawings/DrawingThumbs.tsx";
import { EngineeringPanel } from "./EngineeringPanel.tsx";
import { ModelJob } from "./ModelJob.tsx";
import { ProductPreview } from "./ProductPreview.tsx";
import { QuoteSummary } from "./QuoteSummary.tsx";
import { focusField, SchemaForm } from "./SchemaForm.tsx";
import { evaluate, initialConfig, starterOf, suggestColours, type Product, type SavedConfiguration } from "./product.ts";
import { conform, describeFields, humanize, placeErrors, valueAt, withValue, type Config, type FieldSpec } from "./schema-fields.ts";

export interface SavedState {
  id: string;
  name: string | null;
  /** The configuration object as saved: any later edit replaces it, which makes the page "unsaved". */
  config: Config;
}

const flatten = (fields: FieldSpec[]): FieldSpec[] => fields.flatMap((f) => (f.kind === "group" ? [f, ...flatten(f.fields)] : [f]));

/** A field's value as the form shows it: the option's label, or the number with its unit. */
function shownValue(field: FieldSpec | undefined, value: unknown): string {
  if (field?.kind === "enum") return field.options.find((o) => o.value === value)?.label ?? String(value);
  if (field?.kind === "number" && field.unit) return `${value} ${field.unit}`;
  return String(value);
}

/** The geometry of a configuration a product rule refuses (a single leaf too wide), so the preview follows the choice; null if it cannot be drawn. */
function drawAnyway(draw: () => ProductGeometry): ProductGeometry | null {
  try {
    const g = draw();
    return g.bbox_mm.size.every(Number.isFinite) ? g : null;
  } catch {
    return null;
  }
}

/** Lengths of the main dimensions for the preview's description: "1000 × 2100 mm". */
function dimensions(geometry: ProductGeometry | null) {
  if (!geometry) return "";
  const [w, h, d] = geometry.bbox_mm.size;
  return `${Math.round(w)} × ${Math.round(h)} × ${Math.round(d)} mm`;
}

/**
 * The configurator: the schema's form, validated and engineered live in the
 * browser with the engine the server uses, a 3D preview of the same geometry,
 * saving, the GLB job and adding to a quote. `quoted` (the quote the saved
 * configuration is on, with its technical package) shows while the
 * configuration is as saved.
 */
export function Configurator({ product, saved, quoted }: { product: Product; saved: SavedConfiguration | null; quoted?: ReactNode }) {
  const family = getProductFamily(product.generator_key);
  const [config, setConfig] = useState<Config>(() => saved?.config ?? initialConfig(product));
  const [savedAs, setSavedAs] = useState<SavedState | null>(saved && { id: saved.id, name: saved.name, config: saved.config });
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [modelUrl, setModelUrl] = useState<string | null>(null);
  const upToDate = savedAs !== null && savedAs.config === config;

  const live = useMemo(() => evaluate(product, config), [product, config]);
  const geometry = useMemo(
    () => (live.engineering ? family.geometry(live.complete) : live.drawable ? drawAnyway(() => family.geometry(live.complete)) : null),
    [family, live],
  );
  // While the form has errors the last valid results stay on screen; the preview follows the choice when it can be drawn.
  const lastGood = useRef({ engineering: live.engineering, geometry });
  if (live.engineering) lastGood.current = { engineering: live.engineering, geometry };

  const fields = useMemo(() => describeFields(product.config_schema, config, suggestColours), [product, config]);
  const { placed, unplaced } = useMemo(() => placeErrors(live.errors, fields, config), [live, fields, config]);
  const errors = { ...placed, ...serverErrors };
  const ordered = useMemo(() => flatten(fields), [fields]);
  const firstInvalid = ordered.find((f) => errors[f.pointer] !== undefined);
  const problem = firstInvalid
    ? { pointer: firstInvalid.pointer, label: firstInvalid.label, message: errors[firstInvalid.pointer] }
    : unplaced.length > 0
      ? { pointer: null, label: null, message: unplaced[0] }
      : null;
  const defaultsShown = live.defaults_applied.map((path) => {
    const pointer = `/${path.split(".").join("/")}`;
    const field = ordered.find((f) => f.pointer === pointer);
    return { pointer, label: field?.label ?? humanize(path.split(".").pop() ?? path), value: shownValue(field, valueAt(live.complete, pointer)) };
  });

  // A rule broken by another field's change (door type → frame width) is brought to where the eye is; the field being typed in keeps the focus.
  const lastEdited = useRef<string | null>(null);
  const firstPointer = firstInvalid?.pointer ?? null;
  useEffect(() => {
    if (firstPointer && firstPointer !== lastEdited.current) focusField(firstPointer);
  }, [firstPointer]);

  const change = useCallback(
    (pointer: string, value: unknown) => {
      lastEdited.current = pointer;
      setConfig((c) => conform(product.config_schema, withValue(c, pointer, value), starterOf(product), pointer));
      setServerErrors((e) => {
        const { [pointer]: _, ...rest } = e;
        return rest;
      });
    },
    [product],
  );

  const shown = lastGood.current;
  const price = (shown.engineering?.price as { total: number; currency: string } | null | undefined) ?? null;
  const thermal = shown.engineering?.thermal as { overall_u_value: number; limit: { max_u_value: number; passes: boolean; margin: number } | null } | undefined;
  // No price for what cannot be made: a failed limit or a rule error blocks it, as on the server.
  const blockers = live.engineering ? engineeringBlockers(live.engineering) : ruleBlockers(live.errors);

  return (
    <div className="cfg-layout">
      <div className="cfg-preview">
        <ProductPreview
          geometry={geometry ?? shown.geometry}
          glbUrl={upToDate ? modelUrl : null}
          description={`${product.name}${typeof live.complete.door_type === "string" ? `, ${live.complete.door_type} door` : ""}, ${dimensions(geometry ?? shown.geometry)}`}
          warning={
            live.engineering === null && geometry
              ? `Drawn as chosen, but it cannot be made like this: ${problem?.label ? `${problem.label} — ` : ""}${problem?.message ?? ""}`
              : null
          }
        >
          <ModelJob configurationId={upToDate ? savedAs.id : null} fileName={(savedAs?.name ?? product.name).replace(/[^\w.-]+/g, "-")} onModel={setModelUrl} />
          <ConfigurationDrawings configurationId={upToDate ? savedAs.id : null} />
        </ProductPreview>
      </div>
      <div className="cfg-side">
        <QuoteSummary
          product={product}
          config={config}
          valid={live.engineering !== null}
          price={price}
          blockers={blockers}
          thermal={thermal ?? null}
          stale={live.engineering === null}
          problem={problem}
          onFix={(pointer) => focusField(pointer)}
          savedAs={savedAs}
          upToDate={upToDate}
          onSaved={(state) => {
            setSavedAs(state);
            setServerErrors({});
          }}
          onFieldErrors={setServerErrors}
        />
        {upToDate && saved && savedAs.config === saved.config && quoted}
        <section className="card cfg-options" aria-labelledby="options-title">
          <h2 id="options-title">Options</h2>
          {saved && saved.schema_version !== product.schema_version && (
            <p className="alert alert-error">
              This configuration was saved for an earlier version of the product ({saved.schema_version}); the shop has changed it since (now{" "}
              {product.schema_version}). Check the highlighted fields.
            </p>
          )}
          <div aria-live="polite">
            {unplaced.length > 0 && (
              <ul className="alert alert-error error-list">
                {unplaced.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            )}
          </div>
          {defaultsShown.length > 0 && (
            <div className="cfg-defaults" data-testid="defaults-applied">
              <p className="field-hint">Left to the product's defaults:</p>
              <ul>
                {defaultsShown.map((d) => (
                  <li key={d.pointer}>
                    {d.label}: <strong>{d.value}</strong>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <SchemaForm fields={fields} config={config} errors={errors} onChange={change} />
        </section>
      </div>
      <div className="cfg-results">
        <EngineeringPanel generatorKey={product.generator_key} engineering={shown.engineering} stale={live.engineering === null} />
      </div>
    </div>
  );
}
