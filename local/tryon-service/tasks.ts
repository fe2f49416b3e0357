/**
 * Task store of the local try-on service: time-driven lifecycle and bounded memory. A task's state is
 * computed from its age, so no timers run per task. A task answers queries for `queryTtlMs` after submit;
 * its result images stay downloadable until `resultTtlMs` after they finished (expiring object-storage
 * links). Memory is bounded by a task count and a byte budget (oldest evicted first, which also expires
 * its result links early — as if the links had run out).
 */
import type { FixtureModel } from "./library";
import type { ClothingType, SubmitRequest } from "./request";

/** Task and sub-task states (spec §4.3). */
export type TaskStatus = "submitted" | "running" | "finished" | "failed";

/** Who wears the garment in one output image: a fixture library model, or the caller's model photo (raw bytes). */
export type TaskSubject = { kind: "library"; model: FixtureModel } | { kind: "photo"; bytes: Buffer; url: string; label: string };

export interface StoredTask {
  id: string;
  createdAt: number;
  request: SubmitRequest;
  /** From the request; else guessed when the first result is rendered. */
  type?: ClothingType;
  garmentUrl: string;
  /** The garment as downloaded; cut out and rendered only when a result is first fetched. */
  garmentBytes: Buffer;
  /** One subject per output image. */
  subjects: TaskSubject[];
  /** Per sub-task: when it ends (ms after createdAt) and, if it fails, with which code. */
  subTasks: Array<{ endsAfterMs: number; failCode?: number }>;
  /** Fault `recolor`: the results show the garment in another colour. */
  recolor: boolean;
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

const taskBytes = (t: StoredTask) => t.garmentBytes.length + t.subjects.reduce((n, s) => n + (s.kind === "photo" ? s.bytes.length : 0), 0);

export interface TaskStoreLimits {
  /** Queries find a task this long after submit, in ms. */
  queryTtlMs: number;
  /** Result links answer this long after their sub-task finished, in ms. */
  resultTtlMs: number;
  /** Longest a task runs (its last sub-task ends by then), in ms. */
  taskMs: number;
  /** Most tasks kept. */
  maxTasks: number;
  /** Most garment + model-photo bytes kept. */
  maxBytes: number;
}

export class TaskStore {
  private readonly tasks = new Map<string, StoredTask>();
  private bytes = 0;
  evicted = 0;

  constructor(
    private readonly limits: TaskStoreLimits,
    private readonly now: () => number,
  ) {}

  /** Until when a task is needed at all. The offset is the same for every task, so insertion order is expiry order. */
  private keepUntil(t: StoredTask): number {
    return t.createdAt + Math.max(this.limits.queryTtlMs, this.limits.taskMs + this.limits.resultTtlMs);
  }

  private remove(id: string, t: StoredTask): void {
    this.tasks.delete(id);
    this.bytes -= taskBytes(t);
    this.evicted++;
  }

  add(task: StoredTask): void {
    this.sweep();
    this.tasks.set(task.id, task);
    this.bytes += taskBytes(task);
    for (const [id, t] of this.tasks) {
      if (this.tasks.size <= this.limits.maxTasks && this.bytes <= this.limits.maxBytes) break;
      if (id === task.id) break; // never evict the task just accepted
      this.remove(id, t);
    }
  }

  /** A task a query may still see. */
  forQuery(id: string): StoredTask | undefined {
    const t = this.tasks.get(id);
    return t && this.now() - t.createdAt <= this.limits.queryTtlMs ? t : undefined;
  }

  /** A task whose sub-task `index` finished and whose result link has not expired. */
  forResult(id: string, index: number): StoredTask | undefined {
    const t = this.tasks.get(id);
    const st = t?.subTasks[index];
    if (!t || !st || st.failCode) return undefined;
    const age = this.now() - t.createdAt;
    return age >= st.endsAfterMs && age - st.endsAfterMs < this.limits.resultTtlMs ? t : undefined;
  }

  /** Drops tasks no longer needed (insertion order = expiry order). */
  sweep(): void {
    const t0 = this.now();
    for (const [id, t] of this.tasks) {
      if (this.keepUntil(t) >= t0) break;
      this.remove(id, t);
    }
  }

  get size(): number {
    return this.tasks.size;
  }

  values(): IterableIterator<StoredTask> {
    return this.tasks.values();
  }
}

/** A small LRU (rendered results, cut-outs). */
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
