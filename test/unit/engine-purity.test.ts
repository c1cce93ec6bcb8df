import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/** engine/ runs in the browser, the Worker and Node alike: it may import none of their platform modules. */
const ROOT = new URL("../../engine/", import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });

const FORBIDDEN_IMPORT = /from\s+["'](node:[^"']+|cloudflare:[^"']+|fs|path|crypto|os|child_process|\.\.\/\.\.\/(worker|app|durable-objects)\/[^"']*|\.\.\/(worker|app|durable-objects)\/[^"']*)["']/;
const DOM_GLOBAL = /(?<![\w/.$])(document|window|localStorage|navigator)\.(?!ts\b)/;

describe("engine/ purity", () => {
  const sources = files(ROOT).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, "utf8") }));

  it("has sources to check", () => {
    expect(sources.length).toBeGreaterThan(50);
  });

  it.each(sources.map((s) => [s.path, s.text]))("%s imports no platform or app module and touches no DOM global", (_path, text) => {
    expect(text).not.toMatch(FORBIDDEN_IMPORT);
    expect(text).not.toMatch(DOM_GLOBAL);
  });
});
