import { execFileSync } from "node:child_process";
import { startDevServer } from "./lib/dev-server.mjs";
import { DEMO, seedDemo } from "./seed.mjs";

// `npm start`: build, migrate, run wrangler dev, seed the demo shop, say where to go.
const port = Number(process.env.PORT ?? 8787);
execFileSync("npm", ["run", "build"], { stdio: "inherit" });
const server = await startDevServer({ port });
const { fresh } = await seedDemo(port);

console.log(`
  Fabquote is running (local D1, R2, Durable Objects and Queues in .wrangler/state).

    Storefront:  http://demo.localhost:${port}
    Root site:   http://localhost:${port}
    API docs:    http://localhost:${port}/api/v1/docs

    Shop owner:  ${DEMO.owner.email} / ${DEMO.owner.password}
    Customer:    ${DEMO.customer.email} / ${DEMO.customer.password}
  ${fresh ? "(demo shop seeded just now)" : "(demo shop kept from the last run; `npm run reset` wipes local state)"}
  Ctrl-C stops it.
`);

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.stop().then(() => process.exit(0)));
await server.exited;
