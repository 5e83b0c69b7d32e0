/** Free TCP ports on the loopback interface, for the dev clouds that the scripts and the browser tests start. */

import { createServer } from "node:net";

/** Listens on `port` (0: any) of 127.0.0.1 and closes at once: the port it got, or `undefined` if taken. */
function probe(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.on("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : undefined));
    });
  });
}

/** A port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const port = await probe(0);
  if (port === undefined) throw new Error("no free port on 127.0.0.1");
  return port;
}

/** A port `p` such that `p` and `p + 1` were both free (the dev pool and its result store). */
export async function freePair(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = await freePort();
    if (port < 65535 && (await probe(port + 1)) !== undefined) return port;
  }
  throw new Error("no two adjacent free ports on 127.0.0.1");
}
