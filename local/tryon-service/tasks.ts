/**
 * Task store of the local try-on service: time-driven lifecycle and bounded memory (TTL + max count,
 * oldest evicted first). A task's state is computed from its age, so no timers run per task.
 */
import type { LibraryModel } from "../../app/tryon/model-library";
import type { ClothingType, TryOnRequest } from "../../app/tryon/schema";
import type { TaskStatus } from "../../app/tryon/responses";
import type { Cutout } from "./render";

export type TaskSubject = { kind: "library"; model: LibraryModel } | { kind: "photo"; photo: Buffer; url: string; label: string };

export interface StoredTask {
  id: string;
  createdAt: number;
  request: TryOnRequest;
  type: ClothingType;
  garmentUrl: string;
  garment: Cutout;
  /** One subject per output image. */
  subjects: TaskSubject[];
  /** Per sub-task: when it ends (ms after createdAt) and, if it fails, with which code. */
  subTasks: Array<{ endsAfterMs: number; failCode?: number }>;
}

export interface SubTaskState {
  status: TaskStatus;
  failCode?: number;
}

/** Share of taskMs during which a task still reads "submitted". */
const SUBMITTED_SHARE = 0.2;

export function subTaskStates(task: StoredTask, taskMs: number, now: number): SubTaskState[] {
  const age = now - task.createdAt;
  return task.subTasks.map((st) => {
    if (age >= st.endsAfterMs) return st.failCode ? { status: "failed", failCode: st.failCode } : { status: "finished" };
    return { status: age < taskMs * SUBMITTED_SHARE ? "submitted" : "running" };
  });
}

/** Main status: running while any sub-task is not terminal; finished if any finished; else failed. */
export function mainStatus(states: SubTaskState[]): TaskStatus {
  if (states.every((s) => s.status === "submitted")) return "submitted";
  if (states.some((s) => s.status === "submitted" || s.status === "running")) return "running";
  return states.some((s) => s.status === "finished") ? "finished" : "failed";
}

/** Sub-task i of n ends between 70% and 100% of taskMs: results trickle in, the last at taskMs. */
export function subTaskEnd(taskMs: number, i: number, n: number): number {
  return Math.round(taskMs * (0.7 + (0.3 * (i + 1)) / n));
}

export class TaskStore {
  private readonly tasks = new Map<string, StoredTask>();
  evicted = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxTasks: number,
    private readonly now: () => number,
  ) {}

  add(task: StoredTask): void {
    this.sweep();
    this.tasks.set(task.id, task);
    while (this.tasks.size > this.maxTasks) {
      this.tasks.delete(this.tasks.keys().next().value!);
      this.evicted++;
    }
  }

  get(id: string): StoredTask | undefined {
    const t = this.tasks.get(id);
    if (t && this.now() - t.createdAt > this.ttlMs) {
      this.tasks.delete(id);
      this.evicted++;
      return undefined;
    }
    return t;
  }

  /** Drops expired tasks (insertion order = age order). */
  sweep(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [id, t] of this.tasks) {
      if (t.createdAt >= cutoff) break;
      this.tasks.delete(id);
      this.evicted++;
    }
  }

  get size(): number {
    return this.tasks.size;
  }

  values(): IterableIterator<StoredTask> {
    return this.tasks.values();
  }
}

/** A small LRU for rendered result images. */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  get size(): number {
    return this.map.size;
  }
}
