/** Process, material, finish, quantity, lead time and the process's own options, from the catalogue. */
import { useId } from "react";
import type { Analysis } from "../../engine/mesh/types.ts";
import type { PriceOptions } from "../../engine/pricing/types.ts";
import { finishesFor, materialsFor, normalizeOptions, PROCESS_LABELS, processesFor, thicknessesFor, type Catalog } from "./catalog.ts";
import { useFormat } from "../format/use-format.ts";

interface Props {
  catalog: Catalog;
  kind: Analysis["kind"];
  options: PriceOptions;
  onChange: (options: PriceOptions) => void;
  invalidField: string | null;
}

export function PartOptionsForm({ catalog, kind, options, onChange, invalidField }: Props) {
  const { money } = useFormat();
  const id = useId();
  const material = catalog.materials.find((m) => m.code === options.material);
  const set = (change: Partial<PriceOptions>) => onChange({ ...options, ...change });
  const infill = catalog.processes.fff?.infill;
  // Only finishes that apply to this process and material: an incompatible pair cannot be chosen.
  const finishes = finishesFor(catalog, options.process, options.material);
  return (
    <div className="options">
      <Select
        id={`${id}-process`}
        label="Process"
        value={options.process}
        onChange={(v) => onChange(normalizeOptions(catalog, v as PriceOptions["process"], options))}
      >
        {processesFor(catalog, kind).map((p) => (
          <option key={p} value={p}>
            {PROCESS_LABELS[p]}
          </option>
        ))}
      </Select>
      <Select
        id={`${id}-material`}
        label="Material"
        value={options.material}
        invalid={invalidField === "material"}
        onChange={(v) => onChange(normalizeOptions(catalog, options.process, { ...options, material: v }))}
      >
        {materialsFor(catalog, options.process).map((m) => (
          <option key={m.code} value={m.code}>
            {m.name}
          </option>
        ))}
      </Select>
      {options.process === "laser" && (
        <Select
          id={`${id}-thickness`}
          label="Thickness"
          value={String(options.thickness_mm ?? "")}
          invalid={invalidField === "thickness_mm"}
          onChange={(v) => set({ thickness_mm: Number(v) })}
        >
          {thicknessesFor(material).map((t) => (
            <option key={t} value={t}>
              {t} mm
            </option>
          ))}
        </Select>
      )}
      {finishes.length > 0 && (
        <Select id={`${id}-finish`} label="Finish" value={options.finish ?? ""} invalid={invalidField === "finish"} onChange={(v) => set({ finish: v })}>
          {finishes.map((f) => (
            <option key={f.code} value={f.code}>
              {f.name}
              {f.pricing.basis === "per_part" && f.pricing.amount > 0 ? ` (+${money(f.pricing.amount, catalog.currency)} per part)` : ""}
            </option>
          ))}
        </Select>
      )}
      {options.process === "fff" && infill && (
        <div className="field">
          <label htmlFor={`${id}-infill`}>
            Infill <output htmlFor={`${id}-infill`}>{Math.round((options.infill ?? infill.default) * 100)} %</output>
          </label>
          <input
            id={`${id}-infill`}
            type="range"
            min={infill.min * 100}
            max={infill.max * 100}
            step={5}
            value={Math.round((options.infill ?? infill.default) * 100)}
            onChange={(e) => set({ infill: Number(e.currentTarget.value) / 100 })}
          />
        </div>
      )}
      <div className={invalidField === "quantity" ? "field field-invalid" : "field"}>
        <label htmlFor={`${id}-quantity`}>Quantity</label>
        <input
          id={`${id}-quantity`}
          type="number"
          inputMode="numeric"
          min={1}
          max={catalog.max_quantity}
          step={1}
          value={Number.isNaN(options.quantity) ? "" : options.quantity}
          aria-invalid={invalidField === "quantity" || undefined}
          onChange={(e) => set({ quantity: e.currentTarget.valueAsNumber })}
        />
      </div>
      <Select id={`${id}-lead`} label="Lead time" value={options.lead_time ?? catalog.default_lead_time} onChange={(v) => set({ lead_time: v })}>
        {catalog.lead_times.map((l) => (
          <option key={l.code} value={l.code}>
            {l.label} · {l.days} working days
          </option>
        ))}
      </Select>
    </div>
  );
}

function Select({
  id,
  label,
  value,
  onChange,
  invalid,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  invalid?: boolean;
  children: React.ReactNode;
}) {
  return (
    <div className={invalid ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.currentTarget.value)}>
        {children}
      </select>
    </div>
  );
}
