import { cloudflare } from "@cloudflare/vite-plugin";
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [cloudflare({ viteEnvironment: { name: "ssr" }, configPath: "./wrangler.toml" }), reactRouter()],
  // The Worker is minified like the browser's code: its compressed size is what Cloudflare limits.
  environments: { ssr: { build: { minify: true } } },
  worker: { format: "es" },
});
