import { rmSync } from "node:fs";

// `npm run reset`: forget local D1, R2, Durable Object and Queue state.
rmSync(".wrangler/state", { recursive: true, force: true });
console.log("Local state wiped; `npm start` seeds a fresh demo shop.");
