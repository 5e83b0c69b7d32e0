import { fileURLToPath } from "node:url";

import { defineConfig } from "vite";

/**
 * The app imports the SDK from its sources (no separate SDK build); the
 * output is a static site in dist/ with relative paths, servable from any
 * directory (serve.mjs, or any static server).
 */
export default defineConfig({
  base: "./",
  resolve: {
    alias: { "@ect/sdk": fileURLToPath(new URL("../sdk/src/index.ts", import.meta.url)) },
  },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { host: "127.0.0.1" },
});
