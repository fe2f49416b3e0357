/**
 * The results API (spec §4): what a poll sees of a task. States come from the task's age (tasks.ts), so a
 * poll only reads; finished sub-tasks point at /results/… URLs that render on first download (results.ts).
 */
import { business, retryAfter, type HttpAnswer } from "./answers";
import { decodeQueryBody, MESSAGES } from "./protocol";
import type { TokenBucket } from "./rate-limit";
import { mainStatus, subTaskStates, type TaskStore } from "./tasks";

export interface QueryDeps {
  bucket: TokenBucket;
  store: TaskStore;
  taskMs: number;
  now: () => number;
  /** Sub-task `taskResult` as an object or as a JSON string (both occur in the docs). */
  encoding: "object" | "string";
  /** Origin of result URLs; a getter because the listening URL is known only after start. */
  publicUrl: () => string;
}

export function queryHandler(d: QueryDeps): (raw: Buffer) => HttpAnswer {
  return function handleQuery(raw) {
    const slot = d.bucket.take();
    if (!slot.ok) return business(501, {}, undefined, retryAfter(slot.retryAfterMs), "rescode");
    const decoded = decodeQueryBody(raw);
    if (!decoded.ok) return business(700, {}, `${decoded.problem.field}: ${decoded.problem.message}`, undefined, "rescode");
    const taskId = decoded.value;
    const task = d.store.forQuery(taskId);
    if (!task) return business(700, {}, `task_id: no task "${taskId}" (unknown, or expired)`, undefined, "rescode");
    const states = subTaskStates(task, d.taskMs, d.now());
    const taskResult = states.map((s, i) => {
      if (s.status === "finished") {
        const detail = { result: { imageList: [{ imageUrl: `${d.publicUrl()}/results/${task.id}/${i + 1}.png`, clothes: task.garmentUrl }] } };
        return { taskStatus: s.status, taskResult: d.encoding === "string" ? JSON.stringify(detail) : detail };
      }
      if (s.status === "failed") {
        return { taskStatus: s.status, taskResult: d.encoding === "string" ? "{}" : {}, resCode: s.failCode, resMessage: MESSAGES[s.failCode!] };
      }
      return { taskStatus: s.status, taskResult: d.encoding === "string" ? "{}" : {} };
    });
    return business(200, { taskId: task.id, taskStatus: mainStatus(states), taskResult }, undefined, undefined, "rescode");
  };
}
