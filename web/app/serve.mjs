#!/usr/bin/env node
// A static file server for the built app (dist/), with no dependency:
//   node serve.mjs [--port 8080] [--host 127.0.0.1] [--dir dist]
// Port 0 picks a free one. Prints the URL it serves on ("serving <dir> on http://…/"),
// answers GET and HEAD, never serves outside the directory, and falls back to
// index.html for paths without an extension. Stops on SIGINT or SIGTERM.

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, option("dir", process.env.ECT_WEB_DIST ?? "dist"));
const host = option("host", "127.0.0.1");
const port = Number(option("port", process.env.PORT ?? "8080"));

/** The file for a URL path, inside root; index.html for directories and extensionless paths. */
async function fileFor(urlPath) {
  let path;
  try {
    path = normalize(decodeURIComponent(urlPath.split("?")[0] ?? "/"));
  } catch {
    return undefined;
  }
  const candidate = resolve(join(root, path));
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  const info = await stat(candidate).catch(() => undefined);
  if (info?.isFile()) return { path: candidate, size: info.size };
  if (info?.isDirectory() || extname(candidate) === "") {
    const index = join(root, "index.html");
    const indexInfo = await stat(index).catch(() => undefined);
    if (indexInfo?.isFile()) return { path: index, size: indexInfo.size };
  }
  return undefined;
}

const server = createServer(async (req, res) => {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  const file = await fileFor(req.url ?? "/");
  if (!file) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
    return;
  }
  const hashed = /-[A-Za-z0-9_-]{8,}\.(js|css)$/.test(file.path);
  res.writeHead(200, {
    "content-type": TYPES[extname(file.path)] ?? "application/octet-stream",
    "content-length": file.size,
    "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
  });
  if (req.method === "HEAD") res.end();
  else {
    // A file removed after stat (a rebuild of dist/) ends this answer, not the server.
    createReadStream(file.path)
      .on("error", () => res.destroy())
      .pipe(res);
  }
});

server.on("error", (error) => {
  console.error(`serve.mjs: ${error.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  const address = server.address();
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  console.log(`serving ${root} on http://${shown}:${address.port}/`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
