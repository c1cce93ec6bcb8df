// `import { env, exports } from "cloudflare:workers"` and DO constructors see our Env and entry.
declare namespace Cloudflare {
  type FabquoteEnv = import("./env.ts").Env;
  interface Env extends FabquoteEnv {}
  interface GlobalProps {
    mainModule: typeof import("./index.ts");
  }
}
