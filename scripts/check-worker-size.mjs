/**
 * The Worker's budget: builds the deployable as `wrangler deploy` would (a dry
 * run into a fresh folder), gzips every module it would upload and fails when
 * the total passes the free plan's 3 MB. Run after `npm run build`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const LIMIT_KIB = 3 * 1024;
const out = mkdtempSync(join(tmpdir(), "fabquote-deploy-"));
try {
  execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", out], { stdio: ["ignore", "ignore", "inherit"] });
  const files = (dir) => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
  const modules = files(out).filter((f) => !f.endsWith(".map") && !f.endsWith("README.md"));
  let raw = 0;
  let gzip = 0;
  for (const file of modules) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  const kib = (n) => (n / 1024).toFixed(1);
  console.log(`Worker: ${modules.length} modules, ${kib(raw)} KiB, ${kib(gzip)} KiB gzipped (limit ${LIMIT_KIB} KiB)`);
  if (gzip / 1024 > LIMIT_KIB) {
    console.error(
      `The Worker is over its budget by ${kib(gzip - LIMIT_KIB * 1024)} KiB: load heavy code lazily, keep browser-only code out of server rendering.`,
    );
    process.exit(1);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
