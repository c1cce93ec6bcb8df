/**
 * Seeding bench:scale's shops: the template shop's rows (template.ts), read from its shard, are
 * cloned into shop n with every id renamed (each id in any text column: ids, foreign keys, R2
 * keys and JSON alike) and its slug and name replaced; each shop gets its own webhook secret,
 * encrypted as the Worker does (bound to the shop), and two sessions (its owner's and its buyer's)
 * whose tokens the load sends. Written straight into the local D1 SQLite files with node:sqlite
 * (scripts/lib/dev-server.mjs localD1Path), with the server stopped: 1,000 shops in seconds.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { localD1Path } from "../../scripts/lib/dev-server.mjs";
import { DATA_TABLES } from "../../worker/db/shard-move.ts";
import { encryptSecret } from "../../worker/webhooks/secrets.ts";
import { TEMPLATE_SLUG } from "./template.ts";

type Row = Record<string, SQLInputValue>;
interface Table {
  name: string;
  columns: string[];
  rows: Row[];
}

/** What the load needs to act as shop n's visitors, buyer, owner and partner. */
export interface Shop {
  n: number;
  id: string;
  slug: string;
  shard: number;
  ownerToken: string;
  buyerToken: string;
  secret: string;
  modelId: string;
}

/** Ids as the Worker makes them: UUIDs, and prefixed hex (`evt_…` outbound event ids). */
const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[a-z]+_[0-9a-f]{32}\b/g;
const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** Not cloned: one-use sign-in links and sessions (each shop gets its own sessions). */
const SKIPPED = new Set(["sign_in_tokens", "sessions"]);

const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** The template shop's rows, table by table (parents first, rows in insertion order). */
export function readTemplate(persistTo: string, tenantId: string) {
  const control = new DatabaseSync(localD1Path("DB", persistTo), { readOnly: true });
  const tenant = control.prepare("select * from tenants where id = ?").get(tenantId) as Row;
  control.close();
  const db = new DatabaseSync(localD1Path(`DB_SHARD_${tenant.shard}`, persistTo), { readOnly: true });
  // The tenant-owned tables in the order the shard move copies them: parents first.
  const tables: Table[] = DATA_TABLES.filter((t) => !SKIPPED.has(t.name)).map(({ name, columns }) => ({
    name,
    columns,
    rows: db.prepare(`select * from "${name}" where tenant_id = ? order by rowid`).all(tenantId) as Row[],
  }));
  const users = db.prepare("select id, role from users where tenant_id = ?").all(tenantId) as { id: string; role: string }[];
  db.close();
  return { tenant, tables: tables.filter((t) => t.rows.length > 0), users };
}

type TemplateRows = ReturnType<typeof readTemplate>;

/** Shop n's name for a template id: the same id with n in its last 12 hex digits (n = 0 is the template itself). */
const renamer = (n: number) => {
  const suffix = n.toString(16).padStart(12, "0");
  return (v: SQLInputValue): SQLInputValue => {
    if (n === 0 || typeof v !== "string") return v;
    return v
      .replace(ID, (id) => id.slice(0, -12) + suffix)
      .replaceAll(TEMPLATE_SLUG, `shop${n}`)
      .replaceAll("Scale template", `Shop ${n}`);
  };
};

const secretsKey = () => {
  const found = /^SECRETS_KEY\s*=\s*"?([^"\s]+)"?/m.exec(readFileSync(".dev.vars", "utf8"));
  if (!found) throw new Error("seeding: no SECRETS_KEY in .dev.vars");
  return found[1];
};

/**
 * Writes shops `from`…`to - 1` into a local state: shop n on shard `shardOf(n)`, its tenant row
 * on the control plane and the copy its shard's foreign keys hang on, then its rows. Shop 0 (the
 * template) is only written where it does not exist yet. Returns what the load needs per shop.
 */
export async function seedShops(
  persistTo: string,
  template: TemplateRows,
  templateSecret: string,
  shops: number,
  shardOf: (n: number) => number,
  known?: Shop[],
): Promise<Shop[]> {
  const key = secretsKey();
  const control = new DatabaseSync(localD1Path("DB", persistTo));
  const shards = [0, 1, 2, 3].map((s) => new DatabaseSync(localD1Path(`DB_SHARD_${s}`, persistTo)));
  const owner = template.users.find((u) => u.role === "owner")!;
  const buyer = template.users.find((u) => u.role !== "owner")!;
  const inserts = new Map<string, StatementSync>();
  const statement = (s: number, table: Table) => {
    const k = `${s}:${table.name}`;
    if (!inserts.has(k))
      inserts.set(
        k,
        shards[s].prepare(`insert into "${table.name}" (${table.columns.map((c) => `"${c}"`).join(", ")}) values (${table.columns.map(() => "?").join(", ")})`),
      );
    return inserts.get(k)!;
  };
  const sourceRow = template.tables.find((t) => t.name === "webhook_sources")!.rows[0];
  const out: Shop[] = [];
  for (const db of [control, ...shards]) db.exec("begin");
  try {
    for (let n = 0; n < shops; n++) {
      const rename = renamer(n);
      const shard = shardOf(n);
      const db = shards[shard];
      const id = rename(template.tenant.id) as string;
      const exists = control.prepare("select shard from tenants where id = ?").get(id) as { shard: number } | undefined;
      if (exists && exists.shard !== shard) throw new Error(`seeding: shop ${n} is on shard ${exists.shard}, not ${shard}`);
      const prior = known?.[n];
      const secret = n === 0 ? templateSecret : (prior?.secret ?? `whsec_${randomBytes(24).toString("base64")}`);
      if (!exists) {
        const tenant = Object.fromEntries(Object.entries(template.tenant).map(([c, v]) => [c, rename(v)]));
        const columns = Object.keys(tenant);
        const values = (row: Row) => columns.map((c) => row[c]);
        const sql = `insert into tenants (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`;
        control.prepare(sql).run(...values({ ...tenant, shard }));
        db.prepare(sql).run(...values({ ...tenant, shard }));
        const secrets = JSON.stringify([
          { secret_enc: await encryptSecret({ SECRETS_KEY: key }, { tenantId: id, purpose: "webhook_source_secret" }, secret), created_at: Date.now() },
        ]);
        for (const table of template.tables) {
          const stmt = statement(shard, table);
          for (const row of table.rows) {
            const values = table.columns.map((c) => rename(row[c]));
            if (table.name === "webhook_sources" && row.id === sourceRow.id) values[table.columns.indexOf("secrets")] = secrets;
            stmt.run(...values);
          }
        }
      }
      const tokens = {
        ownerToken: prior?.ownerToken ?? randomBytes(24).toString("base64url"),
        buyerToken: prior?.buyerToken ?? randomBytes(24).toString("base64url"),
      };
      const now = Date.now();
      const session = db.prepare(
        "insert or ignore into sessions (tenant_id, token_hash, user_id, expires_at, created_at, id, last_seen_at) values (?, ?, ?, ?, ?, ?, ?)",
      );
      for (const [token, user] of [
        [tokens.ownerToken, owner.id],
        [tokens.buyerToken, buyer.id],
      ])
        session.run(id, sha256Hex(token), rename(user) as string, now + SESSION_TTL_MS, now, crypto.randomUUID(), now);
      out.push({ n, id, slug: rename(template.tenant.slug) as string, shard, ...tokens, secret, modelId: "" });
    }
    for (const db of [control, ...shards]) db.exec("commit");
  } catch (e) {
    for (const db of [control, ...shards]) db.exec("rollback");
    throw e;
  } finally {
    for (const db of [control, ...shards]) db.close();
  }
  const model = template.tables.find((t) => t.name === "models")!.rows[0].id as string;
  for (const shop of out) shop.modelId = renamer(shop.n)(model) as string;
  return out;
}
