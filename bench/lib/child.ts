/**
 * The app side of a workload runs in its own Node process (`node --import tsx <script>`, so the pid is
 * the process doing the work, not a wrapper): its memory is measured on its own, and several of them
 * can work side by side (scale-out). Parent and child talk over Node's IPC channel with JSON messages.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

export interface ChildMessage {
  type: string;
  [key: string]: unknown;
}

export interface AppChild {
  pid: number;
  process: ChildProcess;
  send(message: ChildMessage): void;
  /** Resolves with the first message of `type` from now on (rejects when the child exits first). */
  next<T extends ChildMessage = ChildMessage>(type: string, timeoutMs?: number): Promise<T>;
  /** Every message received, in order. */
  messages: ChildMessage[];
  /** Last lines of stderr (for error reports). */
  stderrTail(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  kill(): void;
}

/**
 * The memory settings the app's processes run with in production: `npm run start` and `npm run worker`
 * take them from package.json's "config" (`nodeOptions`, `mallocArenaMax`), and so does every app child
 * here, so the bench measures the app as it is deployed (docs/production.md, "Memory").
 */
export function deployedRuntime(): { nodeOptions: string; mallocArenaMax: string } {
  const pkg = JSON.parse(readFileSync(path.resolve("package.json"), "utf8")) as { config?: { nodeOptions?: string; mallocArenaMax?: string } };
  return { nodeOptions: pkg.config?.nodeOptions ?? "", mallocArenaMax: pkg.config?.mallocArenaMax ?? "" };
}

/** Starts `script` (a .ts file under bench/) with `env` added to this process's environment. */
export function startChild(script: string, env: Record<string, string>, options: { label?: string; echoStderr?: boolean } = {}): AppChild {
  // BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the app side: Node refuses
  // --cpu-prof in NODE_OPTIONS, so the flags have to be on the child's command line.
  const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const runtime = deployedRuntime();
  const deployed: Record<string, string> = {
    // As package.json's start/worker scripts: the deployment's options first, the caller's after them.
    NODE_OPTIONS: `${runtime.nodeOptions} ${process.env.NODE_OPTIONS ?? ""}`.trim(),
    ...(runtime.mallocArenaMax ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? runtime.mallocArenaMax } : {}),
  };
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.resolve(script)], {
    env: { ...process.env, ...deployed, ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const messages: ChildMessage[] = [];
  const waiters: Array<{ type: string; resolve: (m: ChildMessage) => void; reject: (e: Error) => void }> = [];
  let stderr = "";
  const label = options.label ?? path.basename(script);
  child.stderr!.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-20_000);
    if (options.echoStderr ?? process.env.BENCH_VERBOSE === "1") process.stderr.write(text.replace(/^(?=.)/gm, `[${label}] `));
  });
  // The app's own logs (stdout) are shown only with BENCH_VERBOSE=1; they would bury the table.
  child.stdout!.on("data", (chunk: Buffer) => {
    if (options.echoStderr ?? process.env.BENCH_VERBOSE === "1") process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `[${label}] `));
  });
  child.on("message", (m: ChildMessage) => {
    messages.push(m);
    for (let i = 0; i < waiters.length; i++) {
      if (waiters[i].type === m.type) {
        waiters.splice(i, 1)[0].resolve(m);
        i--;
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`${label} exited (code ${code}) before sending "${w.type}". stderr tail:\n${stderr.slice(-3000)}`));
      resolve(code);
    });
  });
  return {
    pid: child.pid!,
    process: child,
    messages,
    send: (m) => child.send(m),
    next<T extends ChildMessage>(type: string, timeoutMs = 3_600_000) {
      return new Promise<T>((resolve, reject) => {
        if (child.exitCode !== null) return reject(new Error(`${label} already exited (code ${child.exitCode}). stderr tail:\n${stderr.slice(-3000)}`));
        const timer = setTimeout(() => reject(new Error(`${label}: no "${type}" message within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          type,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
      });
    },
    stderrTail: () => stderr.slice(-3000),
    exited,
    kill: () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** Resident set size and its high-water mark of a live process, in bytes (Linux /proc), or null. */
export function readRss(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; keeps the peak (and the kernel's high-water mark). */
export function sampleRss(pid: number, everyMs = 100) {
  let peak = 0;
  let hwm = 0;
  let samples = 0;
  const take = () => {
    const r = readRss(pid);
    if (!r) return;
    samples++;
    if (Number.isFinite(r.rss)) peak = Math.max(peak, r.rss);
    if (Number.isFinite(r.hwm)) hwm = Math.max(hwm, r.hwm);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      take();
      clearInterval(timer);
      return { peakRssBytes: peak, hwmBytes: hwm, samples };
    },
  };
}

/** Inside a child: sends a message to the parent (no-op when run by hand without IPC). */
export function toParent(message: ChildMessage): void {
  process.send?.(message);
}

/** Inside a child: resolves with the next message of `type` from the parent. */
export function fromParent<T extends ChildMessage = ChildMessage>(type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: ChildMessage) => {
      if (m?.type !== type) return;
      process.off("message", on);
      resolve(m as T);
    };
    process.on("message", on);
  });
}
