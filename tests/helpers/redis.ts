// A real, private Redis for tests: Debian's `redis-server` on 127.0.0.1 on a free port, no persistence,
// stopped at the end. Each call starts its own server (about 20 ms), so test files never share state.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const MISSING_HINT =
  "redis-server not found. Install it: sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends " +
  "redis-server (.ci/run does this).";

/** Path of redis-server: $REDIS_SERVER_BIN, else the one on PATH; null when absent. */
export function findRedisServer(): string | null {
  if (process.env.REDIS_SERVER_BIN) return process.env.REDIS_SERVER_BIN;
  try {
    return execFileSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Answers once a PING over a raw socket gets +PONG (no client library needed). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      data += chunk.toString();
      if (data.includes("\r\n")) done(data.startsWith("+PONG"));
    });
  });
}

/**
 * Starts a private redis-server. `maxmemory-policy noeviction` is what BullMQ requires (it warns
 * otherwise); nothing is written to disk.
 */
export async function startRedis(): Promise<RedisServer> {
  const bin = findRedisServer();
  if (!bin) throw new Error(MISSING_HINT);
  const dir = mkdtempSync(path.join(os.tmpdir(), "fitting-room-redis-"));
  let lastError = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      bin,
      [
        "--port", String(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--dir", dir,
        "--maxmemory-policy", "noeviction",
        "--loglevel", "warning",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c.toString()));
    const deadline = Date.now() + 10_000;
    let up = false;
    while (Date.now() < deadline && child.exitCode === null) {
      if (await ping(port)) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    if (!up) {
      child.kill("SIGKILL");
      lastError = stderr || `redis-server did not answer on port ${port}`;
      continue;
    }
    let stopped = false;
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.off("exit", killOnExit);
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`redis-server failed to start: ${lastError}`);
}
