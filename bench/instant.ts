/**
 * bench:instant — in Chromium against `wrangler dev` (the built app): the time
 * from a binary STL landing on the instant-quote page's file input to its first
 * price on screen, for 1 M and 100 k triangles (the upload follows the analysis).
 * Baseline, measured in the same run: the page merely reading the same file's
 * bytes (File.arrayBuffer), the floor any in-browser analysis starts from.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { startDevServer } from "../scripts/lib/dev-server.mjs";
import { hostRequest } from "../scripts/lib/host-request.mjs";

const PORT = Number(process.env.BENCH_PORT ?? 8871);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SHOP = "bench-instant.localhost";

/** A closed UV sphere (r = 40 mm) of exactly 2·nu·(nv − 1) triangles, written straight into binary STL. */
function sphereStl(nu: number, nv: number): Uint8Array {
  const count = 2 * nu * (nv - 1);
  const bytes = new Uint8Array(84 + 50 * count);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, count, true);
  const at = (i: number, j: number): number[] => {
    const u = ((i % nu) / nu) * 2 * Math.PI,
      v = (j / nv) * Math.PI;
    return [40 * Math.sin(v) * Math.cos(u), 40 * Math.sin(v) * Math.sin(u), 40 - 40 * Math.cos(v)];
  };
  let offset = 84;
  const put = (a: number[], b: number[], c: number[]) => {
    let o = offset + 12; // the normal stays zero: readers recompute it
    for (const p of [a, b, c]) {
      for (const x of p) {
        view.setFloat32(o, x, true);
        o += 4;
      }
    }
    offset += 50;
  };
  for (let i = 0; i < nu; i++) {
    put(at(0, 0), at(i + 1, 1), at(i, 1));
    for (let j = 1; j < nv - 1; j++) {
      put(at(i, j), at(i + 1, j), at(i + 1, j + 1));
      put(at(i, j), at(i + 1, j + 1), at(i, j + 1));
    }
    put(at(i, nv - 1), at(i + 1, nv - 1), at(0, nv));
  }
  return bytes;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

let ip = 0;
async function freshPage(browser: Browser): Promise<Page> {
  // Each run its own guest (own IP and cookies): guest uploads are rate-limited per IP.
  const context = await browser.newContext({ extraHTTPHeaders: { "cf-connecting-ip": `198.18.0.${++ip}` } });
  const page = await context.newPage();
  await page.goto(`http://${SHOP}:${PORT}/instant`, { waitUntil: "networkidle" });
  return page;
}

/** From the input's change event to the first price painted (the frame after it enters the DOM). */
async function timeToPrice(browser: Browser, path: string): Promise<number> {
  const page = await freshPage(browser);
  const measured = page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('[data-testid="part-files"]')!;
        input.addEventListener(
          "change",
          () => {
            const start = performance.now();
            const seen = new MutationObserver(() => {
              if (!document.querySelector('[data-testid="part-price"]')) return;
              seen.disconnect();
              requestAnimationFrame(() => resolve(performance.now() - start));
            });
            seen.observe(document.body, { childList: true, subtree: true, characterData: true });
          },
          { capture: true, once: true },
        );
      }),
  );
  await page.getByTestId("part-files").setInputFiles(path);
  const ms = await measured;
  // Let the upload and the server's analysis finish so runs do not overlap.
  await page.getByTestId("server-check").waitFor({ timeout: 180_000 });
  await page.context().close();
  return ms;
}

/** Baseline: the page reads the file's bytes and does nothing else. */
async function timeToRead(browser: Browser, path: string): Promise<number> {
  const page = await freshPage(browser);
  await page.evaluate(() => {
    const input = document.createElement("input");
    input.type = "file";
    input.id = "bench-read";
    document.body.appendChild(input);
  });
  const measured = page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const input = document.querySelector<HTMLInputElement>("#bench-read")!;
        input.addEventListener("change", async () => {
          const start = performance.now();
          await input.files![0].arrayBuffer();
          resolve(performance.now() - start);
        });
      }),
  );
  await page.locator("#bench-read").setInputFiles(path);
  const ms = await measured;
  await page.context().close();
  return ms;
}

const dir = mkdtempSync(join(tmpdir(), "fabquote-bench-instant-"));
const server = await startDevServer({ port: PORT, persistTo: join(dir, "state"), quiet: true });
let browser: Browser | undefined;
try {
  const created = await hostRequest(PORT, "localhost", "POST", "/api/v1/tenants", {
    json: { name: "Bench Instant", slug: "bench-instant", owner_email: "bench@instant.test", owner_password: "bench-password-123" },
  });
  if (created.status !== 201) throw new Error(`creating the shop failed: ${created.status} ${created.text}`);
  const files = { "1m": join(dir, "sphere-1m.stl"), "100k": join(dir, "sphere-100k.stl") };
  writeFileSync(files["1m"], sphereStl(1000, 501));
  writeFileSync(files["100k"], sphereStl(250, 201));

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-first-run", "--disable-background-networking"],
  });
  await timeToPrice(browser, files["100k"]); // warm-up: first compile of the page's scripts and the server's isolate

  const figures: Record<string, number> = {};
  const rows: [string, string, number[]][] = [];
  for (const [key, label] of [
    ["100k", "100 k triangles (5 MB)"],
    ["1m", "1 M triangles (50 MB)"],
  ] as const) {
    const price: number[] = [];
    const read: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      price.push(await timeToPrice(browser, files[key]));
      read.push(await timeToRead(browser, files[key]));
    }
    rows.push([`${label}: drop → first price`, `instant.${key === "1m" ? "1m" : "100k"}_tri_ms`, price]);
    rows.push([`${label}: read bytes only`, `instant.read_${key}_ms`, read]);
  }
  console.log(`\nChromium (headless) against wrangler dev on 127.0.0.1:${PORT}; median of ${RUNS} runs each; each upload follows its analysis\n`);
  console.log(`${"".padEnd(44)} ${"median".padStart(9)}   runs (ms)`);
  for (const [title, metric, xs] of rows) {
    figures[metric] = median(xs);
    console.log(`${title.padEnd(44)} ${median(xs).toFixed(0).padStart(6)} ms   ${xs.map((x) => x.toFixed(0)).join(", ")}`);
  }
  console.log(`\ntargets: 1 M triangles ≤ 1000 ms; 100 k much less\n`);
  console.log(`BENCH instant.1m_tri_ms ${figures["instant.1m_tri_ms"].toFixed(0)} ms`);
  console.log(`BENCH instant.read_1m_ms ${figures["instant.read_1m_ms"].toFixed(0)} ms`);
  console.log(`BENCH instant.100k_tri_ms ${figures["instant.100k_tri_ms"].toFixed(0)} ms`);
  console.log(`BENCH instant.read_100k_ms ${figures["instant.read_100k_ms"].toFixed(0)} ms`);
} finally {
  await browser?.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
