import { builtinModules } from "node:module";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * engine/ runs in the browser, the Worker and Node alike: it may import none of their platform modules,
 * and nothing outside engine/ but packages. `tsc -p tsconfig.engine.json` (in `npm run typecheck`) checks
 * the same with the compiler: no DOM, Node or Cloudflare types are visible there.
 */
const ROOT = new URL("../../engine/", import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;
const BUILTINS = new Set(builtinModules);
const DOM_GLOBAL = /(?<![\w/.$])(document|window|localStorage|navigator)\.(?!ts\b)/;

/** Why an import is not allowed in engine/, or null when it is. */
function forbidden(file: string, spec: string): string | null {
  if (spec.startsWith(".")) {
    const target = resolve(dirname(file), spec);
    return target === ROOT.slice(0, -1) || target.startsWith(ROOT) ? null : `leaves engine/ (${relative(ROOT, target)})`;
  }
  if (/^(node|cloudflare|bun|deno):/.test(spec) || BUILTINS.has(spec.split("/")[0])) return "is a platform module";
  return null;
}

describe("engine/ purity", () => {
  const sources = files(ROOT).map((path) => ({ path, text: readFileSync(path, "utf8") }));

  it("checks every file at every depth", () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.some((s) => relative(ROOT, s.path).split(sep).length >= 4)).toBe(true);
  });

  it("the rule catches what it must", () => {
    const deep = join(ROOT, "mesh/profile/svg/x.ts");
    expect(forbidden(deep, "../../../../worker/env.ts")).toMatch(/leaves engine/);
    expect(forbidden(deep, "../../../errors.ts")).toBeNull();
    expect(forbidden(deep, "node:fs")).toMatch(/platform/);
    expect(forbidden(deep, "crypto")).toMatch(/platform/);
    expect(forbidden(deep, "cloudflare:workers")).toMatch(/platform/);
    expect(forbidden(deep, "fflate")).toBeNull();
  });

  it.each(sources.map((s) => [relative(ROOT, s.path), s.path, s.text]))(
    "%s imports no platform or app module and touches no DOM global",
    (_name, path, text) => {
      const bad = [...text.matchAll(SPECIFIER)].map((m) => [m[1], forbidden(path, m[1])]).filter(([, why]) => why);
      expect(bad).toEqual([]);
      expect(text).not.toMatch(DOM_GLOBAL);
    },
  );
});
