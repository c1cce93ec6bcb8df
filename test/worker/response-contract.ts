import { exports } from "cloudflare:workers";
import { Validator, type Schema } from "@cfworker/json-schema";

type Content = Record<string, { schema?: Schema }>;
type Operation = { responses: Record<string, { content?: Content }> };
type Document = { servers?: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };

let documentPromise: Promise<Document> | undefined;
const validators = new Map<string, Validator>();

/** The API's own OpenAPI document, read once per test file. */
export const openApiDocument = () =>
  (documentPromise ??= exports.default.fetch("http://localhost/api/v1/openapi.json").then((r) => r.json() as Promise<Document>));

/** The documented path (`/quotes/{id}`) serving a concrete one; literal segments beat parameters. */
function operationPath(paths: Document["paths"], method: string, path: string) {
  const segments = path.split("/");
  let best: { template: string; literals: number } | undefined;
  for (const template of Object.keys(paths)) {
    if (!paths[template][method]) continue;
    const parts = template.split("/");
    if (parts.length !== segments.length) continue;
    let literals = 0;
    const matches = parts.every((p, i) => (p.startsWith("{") ? segments[i] !== "" : p === segments[i] && ++literals > 0));
    if (matches && (!best || literals > best.literals)) best = { template, literals };
  }
  return best?.template;
}

/**
 * Checks an /api/v1 response against the operation the OpenAPI document declares for its method,
 * path and status: the status must be declared, the content type too, and a JSON body must
 * validate against the declared schema. Returns the problems found (empty when it conforms).
 */
export async function responseProblems(method: string, url: URL, res: Response): Promise<string[]> {
  const doc = await openApiDocument();
  const base = doc.servers?.[0]?.url ?? "";
  const path = url.pathname.slice(base.length);
  const template = operationPath(doc.paths, method.toLowerCase(), path);
  const where = `${method} ${url.pathname} → ${res.status}`;
  // A path no operation serves is answered 404 by the router itself.
  if (!template) return res.status === 404 ? [] : [`${where}: no operation in the OpenAPI document serves this path`];
  const declared = doc.paths[template][method.toLowerCase()].responses[String(res.status)];
  if (!declared) return [`${where}: status ${res.status} is not declared for ${method} ${template}`];
  const type = res.headers.get("content-type")?.split(";")[0].trim();
  if (!declared.content) return res.body && type ? [`${where}: a body (${type}) where none is declared`] : [];
  const media = type ? declared.content[type] : undefined;
  if (!media) return [`${where}: content type ${type} is not declared (${Object.keys(declared.content).join(", ")})`];
  if (type !== "application/json" || !media.schema) return [];
  const key = `${method} ${template} ${res.status}`;
  let validator = validators.get(key);
  if (!validator) {
    // The response schema refers to `#/components/...`: validate it as a root that carries them.
    const { components } = structuredClone(doc);
    validator = new Validator({ ...structuredClone(media.schema), components } as Schema, "2020-12", false);
    validators.set(key, validator);
  }
  const result = validator.validate(await res.clone().json());
  return result.valid
    ? []
    : [
        `${where} does not match ${key}: ${result.errors
          .slice(-4)
          .map((e) => `${e.instanceLocation} ${e.error}`)
          .join("; ")}`,
      ];
}
