import { html, raw } from "hono/html";

type Operation = { summary?: string; tags?: string[]; requestBody?: unknown; responses?: Record<string, unknown> };
type Doc = { info: { title: string; version: string }; servers?: { url: string }[]; paths: Record<string, Record<string, Operation>> };

/**
 * The API reference, rendered by the Worker from its own OpenAPI document: no
 * script or stylesheet from a CDN, so it works offline on localhost.
 */
export function renderDocsPage(doc: Doc) {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const base = doc.servers?.[0]?.url ?? "";
  const tags = [...new Set(ops.map((o) => o.op.tags?.[0] ?? "Other"))];
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} — API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1c2128}
h1{font-size:1.6rem} h2{margin-top:2rem;border-bottom:1px solid #d0d7de}
details{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}
summary{cursor:pointer} code{font:13px ui-monospace,monospace}
.m{display:inline-block;min-width:4.2rem;font-weight:700;text-transform:uppercase}
.get{color:#0969da}.post{color:#1a7f37}.patch,.put{color:#9a6700}.delete{color:#cf222e}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;font-size:12px}
</style></head><body>
<h1>${doc.info.title} <small>v${doc.info.version}</small></h1>
<p>Machine-readable: <a href="${base}/openapi.json"><code>${base}/openapi.json</code></a> (OpenAPI 3.1).
Every response is an envelope: <code>{ success, data | error, metadata }</code>.</p>
${tags.map(
  (tag) => html`<h2>${tag}</h2>
${ops
  .filter((o) => (o.op.tags?.[0] ?? "Other") === tag)
  .map(
    (o) => html`<details><summary><span class="m ${o.method}">${o.method}</span> <code>${base}${o.path}</code> — ${o.op.summary ?? ""}</summary>
${o.op.requestBody ? html`<h4>Request body</h4><pre>${JSON.stringify(o.op.requestBody, null, 2)}</pre>` : ""}
<h4>Responses</h4><pre>${raw(escapeJson(o.op.responses))}</pre></details>`,
  )}`,
)}
</body></html>`;
}

const escapeJson = (v: unknown) => JSON.stringify(v, null, 2).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
