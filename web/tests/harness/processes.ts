/**
 * The processes a test run starts, each in a process group of its own (so
 * that stopping it stops its children: Chromium under Playwright), logged
 * to a file, and stopped by {@link stopAll} whatever happens.
 */

import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createWriteStream } from "node:fs";

/** A started process. */
export interface Started {
  name: string;
  child: ChildProcess;
  /** Everything it printed so far (both streams), for waiting on a line and for errors. */
  output(): string;
  /** Resolves when it exits. */
  exited: Promise<number | null>;
}

const running = new Set<Started>();

/** Starts `command` in its own process group, its output teed to `logFile` (and to ours with `echo`). */
export function start(name: string, command: string, args: string[], logFile: string, options: SpawnOptions & { echo?: boolean } = {}): Started {
  const log = createWriteStream(logFile);
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    if (text.length > 2_000_000) text = text.slice(-1_000_000);
    log.write(chunk);
    if (options.echo) process.stdout.write(chunk);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      log.end();
      resolve(code);
    });
    child.on("error", (error) => {
      text += `\n${name}: ${error.message}\n`;
      log.end();
      resolve(null);
    });
  });
  const started: Started = { name, child, output: () => text, exited };
  running.add(started);
  void exited.then(() => running.delete(started));
  return started;
}

/** Resolves when the output matches `pattern`; rejects if the process exits first or after `timeoutMs`. */
export function waitFor(started: Started, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${started.name}: no ${pattern} within ${timeoutMs / 1000} s:\n${started.output().slice(-2000)}`)), timeoutMs);
    const poll = setInterval(() => {
      const match = started.output().match(pattern);
      if (match) done(undefined, match);
    }, 100);
    void started.exited.then((code) => done(new Error(`${started.name} exited (${code}) before ${pattern}:\n${started.output().slice(-2000)}`)));
    let finished = false;
    function done(error: Error | undefined, match?: RegExpMatchArray) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearInterval(poll);
      if (error) reject(error);
      else resolve(match as RegExpMatchArray);
    }
  });
}

function signalGroup(started: Started, signal: NodeJS.Signals): void {
  const pid = started.child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      started.child.kill(signal);
    } catch {
      // gone already
    }
  }
}

/** Stops one process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(started: Started, graceMs = 10_000): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) {
    signalGroup(started, "SIGKILL"); // its children, if any outlived it
    return;
  }
  signalGroup(started, "SIGTERM");
  const timer = setTimeout(() => signalGroup(started, "SIGKILL"), graceMs);
  await started.exited;
  clearTimeout(timer);
  signalGroup(started, "SIGKILL");
}

/** Stops every process still running, newest first. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].reverse().map((p) => stop(p)));
}

/** Stops every process at once, synchronously (for an exit handler). */
export function killAllNow(): void {
  for (const p of running) signalGroup(p, "SIGKILL");
}
