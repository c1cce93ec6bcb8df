import type { CabinetEngineering, DoorEngineering } from "../../engine/products/index.ts";
import { useFormat } from "../format/use-format.ts";

/** Unit symbols as people write them. */
const UNIT: Record<string, string> = { m2: "m²", m: "m", pcs: "pcs", h: "h" };

/**
 * The live engineering of a configuration. While the form has errors the last
 * valid results stay on screen, dimmed and marked out of date.
 */
export function EngineeringPanel({ generatorKey, engineering, stale }: { generatorKey: string; engineering: Record<string, unknown> | null; stale: boolean }) {
  if (!engineering) return null;
  return (
    <section className={stale ? "results results-stale" : "results"} aria-labelledby="results-title" aria-busy={stale || undefined}>
      <div className="results-head">
        <h2 id="results-title">Engineering</h2>
        {stale && <p className="badge badge-neutral">Out of date — correct the highlighted fields</p>}
      </div>
      {generatorKey === "spw600e-door" ? (
        <DoorResults engineering={engineering as unknown as DoorEngineering} />
      ) : (
        <CabinetResults engineering={engineering as unknown as CabinetEngineering} />
      )}
    </section>
  );
}

function DoorResults({ engineering }: { engineering: DoorEngineering }) {
  const { number: num } = useFormat();
  const { thermal, bom, cutting_list: cutting } = engineering;
  return (
    <>
      <ThermalCard thermal={thermal} />
      <div className="card result-card">
        <h3>Leaves</h3>
        <ul className="stat-list">
          {bom.leaves.map((leaf, i) => (
            <li key={i}>
              <span className="stat-label">{bom.leaves.length > 1 ? `${leaf.role === "active" ? "Active" : "Passive"} leaf` : "Leaf"}</span>
              <span className="stat-value" data-testid={`leaf-weight-${i + 1}`}>
                {num(leaf.weight_kg, 1)} kg
              </span>
              <span className="stat-note">
                {num(leaf.width)} × {num(leaf.height)} mm · {leaf.hinges} hinges
              </span>
            </li>
          ))}
          <li>
            <span className="stat-label">Profiles and glass</span>
            <span className="stat-value">{num(bom.total_weight_kg, 1)} kg</span>
            <span className="stat-note">whole door</span>
          </li>
        </ul>
      </div>
      <div className="card result-card">
        <h3>Cutting list</h3>
        <ul className="stat-list">
          <li>
            <span className="stat-label">Bars used</span>
            <span className="stat-value" data-testid="bars-used">
              {cutting.bars_used}
            </span>
            <span className="stat-note">
              lower bound {cutting.lower_bound}
              {cutting.optimal ? " · proven optimal" : ""}
            </span>
          </li>
          <li>
            <span className="stat-label">Waste</span>
            <span className="stat-value">{num(cutting.waste_percent, 1)} %</span>
            <span className="stat-note">
              kerf {cutting.kerf} mm, {num(cutting.cut_length_total / 1000, 2)} m cut from {num(cutting.stock_length_total / 1000, 1)} m of stock
            </span>
          </li>
        </ul>
        <details>
          <summary>Bars per profile</summary>
          <div className="table-scroll">
            <table className="compact-table">
              <thead>
                <tr>
                  <th scope="col">Profile</th>
                  <th scope="col" className="num">
                    Pieces
                  </th>
                  <th scope="col" className="num">
                    Bars
                  </th>
                  <th scope="col" className="num">
                    Lower bound
                  </th>
                  <th scope="col" className="num">
                    Waste
                  </th>
                </tr>
              </thead>
              <tbody>
                {cutting.profiles.map((p) => (
                  <tr key={p.profile}>
                    <th scope="row" className="mono">
                      {p.profile}
                    </th>
                    <td className="num">{p.pieces}</td>
                    <td className="num">{p.bars_used}</td>
                    <td className="num">{p.lower_bound}</td>
                    <td className="num">{num(p.waste_percent, 1)} %</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </div>
      <BomCard
        lines={bom.lines.map((l) => ({ code: l.code, description: l.description, quantity: l.quantity_with_waste, unit: l.unit, weight: l.weight_kg }))}
        note="Quantities include the quoting waste allowance."
      />
      {engineering.price && <PriceLinesCard price={engineering.price} />}
    </>
  );
}

function ThermalCard({ thermal }: { thermal: DoorEngineering["thermal"] }) {
  const { number: num } = useFormat();
  const { limit, breakdown } = thermal;
  const rows = [
    ...breakdown.frames.map((f) => ({ label: f.label, amount: `${num(f.area_m2, 3)} m²`, factor: `U_f ${num(f.u_value, 2)}`, w: f.contribution_w_per_k })),
    ...breakdown.glazing.map((g) => ({ label: g.label, amount: `${num(g.area_m2, 3)} m²`, factor: `U_g ${num(g.u_value, 2)}`, w: g.contribution_w_per_k })),
    ...breakdown.edges.map((e) => ({ label: `${e.label} edge`, amount: `${num(e.length_m, 2)} m`, factor: `ψ ${num(e.psi, 3)}`, w: e.contribution_w_per_k })),
  ];
  return (
    <div className="card result-card">
      <h3>Thermal transmittance (EN ISO 10077-1)</h3>
      <div className="u-value-row">
        <p className="big-figure">
          <span data-testid="u-value">{num(thermal.overall_u_value, 2)}</span> <span className="unit-text">W/m²K</span>
        </p>
        {limit && (
          <p className={limit.passes ? "badge badge-active" : "badge badge-revoked"} data-testid="u-value-check">
            {limit.passes ? "Meets" : "Exceeds"} the limit of {num(limit.max_u_value, 2)} W/m²K
          </p>
        )}
      </div>
      <div className="table-scroll">
        <table className="compact-table">
          <caption className="visually-hidden">U-value breakdown by area and edge</caption>
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col" className="num">
                Area / length
              </th>
              <th scope="col" className="num">
                W/K
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td className="num">
                  {r.amount}
                  <span className="code-below">{r.factor}</span>
                </td>
                <td className="num">{num(r.w, 3)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="num">{num(thermal.total_area_m2, 3)} m²</td>
              <td className="num">{num(thermal.heat_loss_w_per_k, 3)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

interface BomRow {
  code: string;
  description: string;
  quantity: number;
  unit: string;
  weight?: number;
}

function BomCard({ lines, note }: { lines: BomRow[]; note?: string }) {
  const { number: num } = useFormat();
  const weights = lines.some((l) => l.weight !== undefined);
  return (
    <div className="card result-card">
      <details>
        <summary>
          <h3>Bill of materials</h3> <span className="summary-note">{lines.length} lines</span>
        </summary>
        {note && <p className="field-hint">{note}</p>}
        <div className="table-scroll">
          <table className="compact-table">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                {weights && (
                  <th scope="col" className="num">
                    Weight
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.code}>
                  <th scope="row">
                    {l.description}
                    <span className="mono code-below">{l.code}</span>
                  </th>
                  <td className="num">
                    {num(l.quantity, l.unit === "pcs" ? 0 : 2)} {UNIT[l.unit] ?? l.unit}
                  </td>
                  {weights && <td className="num">{l.weight ? `${num(l.weight, 1)} kg` : "—"}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

interface PriceLines {
  currency: string;
  total: number;
  lines: { code: string; description: string; quantity: number; unit: string; amount: number }[];
}

function PriceLinesCard({ price }: { price: PriceLines }) {
  const { money, number: num } = useFormat();
  return (
    <div className="card result-card">
      <details>
        <summary>
          <h3>Price breakdown</h3> <span className="summary-note">{money(price.total, price.currency)}</span>
        </summary>
        <div className="table-scroll">
          <table className="compact-table">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {price.lines.map((l) => (
                <tr key={l.code}>
                  <th scope="row">{l.description}</th>
                  <td className="num">
                    {num(l.quantity, Number.isInteger(l.quantity) ? 0 : 2)} {UNIT[l.unit] ?? l.unit}
                  </td>
                  <td className="num">{money(l.amount, price.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td />
                <td className="num">{money(price.total, price.currency)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </details>
    </div>
  );
}

function CabinetResults({ engineering }: { engineering: CabinetEngineering }) {
  const { number: num } = useFormat();
  const { bom } = engineering;
  return (
    <>
      <div className="card result-card">
        <h3>Cabinet</h3>
        <ul className="stat-list">
          <li>
            <span className="stat-label">Weight</span>
            <span className="stat-value">{num(bom.weight_kg, 1)} kg</span>
            <span className="stat-note">boards, fronts and back</span>
          </li>
          <li>
            <span className="stat-label">Panels</span>
            <span className="stat-value">{bom.panels.length}</span>
            <span className="stat-note">cut to size and edge-banded</span>
          </li>
        </ul>
      </div>
      <BomCard lines={bom.lines} />
      {engineering.price && <PriceLinesCard price={engineering.price} />}
    </>
  );
}
