/**
 * Which node the app talks to: the `rpc` query parameter
 * (`?rpc=ws://127.0.0.1:9944`), else the last one chosen in this browser,
 * else the dev default.
 */

/** The dev cloud's RPC endpoint (`scripts/run.sh`). */
export const DEFAULT_ENDPOINT = "ws://127.0.0.1:9944";

const STORAGE_KEY = "ect.rpc";

/** Whether `url` is a WebSocket URL. */
export function isEndpoint(url: string): boolean {
  return /^wss?:\/\/[^\s/]+/.test(url.trim());
}

/** The endpoint of this page load. */
export function currentEndpoint(): string {
  const fromQuery = new URLSearchParams(location.search).get("rpc");
  if (fromQuery && isEndpoint(fromQuery)) return fromQuery.trim();
  const remembered = localStorage.getItem(STORAGE_KEY);
  return remembered && isEndpoint(remembered) ? remembered : DEFAULT_ENDPOINT;
}

/** Switches to another endpoint: remembers it and reloads the page with it in the query. */
export function switchEndpoint(url: string): void {
  const next = url.trim();
  localStorage.setItem(STORAGE_KEY, next);
  const params = new URLSearchParams(location.search);
  params.set("rpc", next);
  location.search = params.toString();
}
