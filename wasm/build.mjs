// Builds the mesh kernel (wasm/assembly) into wasm/build/kernel.wasm with the stub
// runtime and SIMD. The module exports its memory and imports nothing, so every host
// (Node, a browser Web Worker, a Cloudflare Worker) instantiates it with `{}`.
import asc from "assemblyscript/asc";
import { fileURLToPath } from "node:url";

const at = (path) => fileURLToPath(new URL(path, import.meta.url));
const { error } = await asc.main(
  [
    at("assembly/index.ts"),
    "--outFile",
    at("build/kernel.wasm"),
    "--runtime",
    "stub",
    "--enable",
    "simd",
    "--optimizeLevel",
    "3",
    "--shrinkLevel",
    "0",
    "--noAssert",
    "--use",
    "abort=",
    "--initialMemory",
    "1",
  ],
  { stdout: process.stdout, stderr: process.stderr },
);
if (error) {
  console.error(error.message);
  process.exit(1);
}
console.log("wasm/build/kernel.wasm built");
