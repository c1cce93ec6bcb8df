/**
 * The analysis workers' client, loaded on first use in the browser. The server
 * build drops the import (Vite makes import.meta.env.SSR a constant there), so
 * the Web Worker bundle and comlink never ship inside the Worker.
 */
export const meshClient = () => (import.meta.env.SSR ? Promise.reject(new Error("The mesh workers run in the browser only")) : import("./mesh-client.ts"));
