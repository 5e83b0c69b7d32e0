/** Building the app and measuring what a browser downloads: its JS, CSS and HTML files, gzipped. */

import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";

import { start } from "./processes.js";

/** Builds the app (`npm run build -w app`: type check and Vite); resolves with the seconds it took. */
export async function buildApp(webDir: string, logFile: string): Promise<number> {
  const began = Date.now();
  const build = start("app build", "npm", ["run", "build", "-w", "app"], logFile, { cwd: webDir, echo: true });
  const code = await build.exited;
  if (code !== 0) throw new Error(`the app build failed (exit ${code}); see ${logFile}`);
  return (Date.now() - began) / 1000;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The sum of the gzipped sizes (level 9) of the built JS, CSS and HTML files, in bytes, and the files. */
export function gzippedSize(distDir: string): { bytes: number; files: Array<{ file: string; raw: number; gzip: number }> } {
  const measured = files(distDir)
    .filter((file) => [".js", ".css", ".html"].includes(extname(file)))
    .map((file) => {
      const raw = readFileSync(file);
      return { file: file.slice(distDir.length + 1), raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
    });
  return { bytes: measured.reduce((sum, f) => sum + f.gzip, 0), files: measured };
}
