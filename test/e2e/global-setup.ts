import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startDevServer } from "../../scripts/lib/dev-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    port: number;
    /** The dev server's local state: a test may change a row no API can (a quote past its validity). */
    persistTo: string;
  }
}

/** Starts the built Worker on its own port with fresh local state, for the whole e2e run. */
export default async function setup(project: TestProject) {
  const port = 8900 + Math.floor(Math.random() * 90);
  const persistTo = mkdtempSync(join(tmpdir(), "fabquote-e2e-"));
  const server = await startDevServer({ port, persistTo, quiet: true });
  project.provide("port", port);
  project.provide("persistTo", persistTo);
  return async () => {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
