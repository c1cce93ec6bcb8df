// The Worker's bundlers (wrangler, the Cloudflare Vite plugin, the vitest pool) import `.bin` modules as their bytes.
declare module "*.bin" {
  const data: ArrayBuffer;
  export default data;
}
