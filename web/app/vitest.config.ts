import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

/** The app's unit tests: its pure modules (ranking, history, amounts, formats, timeline, deal notes, result claims, page lifetimes, chain types), in Node. */
export default defineConfig({
  resolve: {
    alias: { "@ect/sdk": fileURLToPath(new URL("../sdk/src/index.ts", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
