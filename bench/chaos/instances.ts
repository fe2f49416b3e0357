/**
 * The app instances of the chaos run as child processes (tests/multi-instance/instance.ts, the real
 * server build): start one and wait until it serves, SIGKILL one, stop one gracefully. A kill must be a
 * real SIGKILL of a real process — nothing in the app gets to clean up, which is what the run tests.
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface Instance {
  name: string;
  proc: ChildProcess;
  url: string;
  output: () => string;
}

export const isLive = (i: Instance) => i.proc.exitCode === null && i.proc.signalCode === null;

function onceReady(proc: ChildProcess, output: () => string, timeoutMs: number): Promise<{ url: string; kind: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance not ready within ${timeoutMs} ms:\n${output().slice(-2000)}`)), timeoutMs);
    proc.on("message", (m: { type?: string; url?: string; kind?: string }) => {
      if (m?.type !== "ready") return;
      clearTimeout(timer);
      resolve({ url: m.url!, kind: m.kind! });
    });
    proc.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`instance exited (${code ?? signal}) before it was ready:\n${output().slice(-2000)}`));
    });
  });
}

export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  let output = "";
  const proc = fork(path.resolve("tests/multi-instance/instance.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env, INSTANCE_NAME: name },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  proc.stdout!.on("data", (c) => (output = (output + c.toString()).slice(-20_000)));
  proc.stderr!.on("data", (c) => (output = (output + c.toString()).slice(-20_000)));
  // Generous: on a loaded machine a cold start of the server build takes minutes.
  const ready = await onceReady(proc, () => output, 300_000).catch((error) => {
    proc.kill("SIGKILL");
    throw error;
  });
  if (ready.kind !== "bullmq") throw new Error(`instance ${name} runs the ${ready.kind} driver, not BullMQ`);
  return { name, proc, url: ready.url, output: () => output };
}

export async function killHard(instance: Instance): Promise<void> {
  if (!isLive(instance)) return;
  const exited = new Promise<void>((r) => instance.proc.once("exit", () => r()));
  instance.proc.kill("SIGKILL");
  await exited;
}

export async function stopGracefully(instance: Instance): Promise<void> {
  if (!isLive(instance)) return;
  const exited = new Promise<void>((r) => instance.proc.once("exit", () => r()));
  instance.proc.send({ type: "stop" });
  const t = setTimeout(() => instance.proc.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(t);
}
