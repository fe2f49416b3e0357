/**
 * The submit API (spec §2): quota, rate limit, request validation, fault markers, then the garment and
 * model-photo downloads and their checks, in the order the real service reports them — the first
 * failing step decides the code. A submit that passes becomes a stored task; nothing is rendered yet.
 */
import { randomUUID } from "node:crypto";
import { business, gateway, invalid, retryAfter, type HttpAnswer } from "./answers";
import { DownloadFailure, type DownloadedImage } from "./download";
import type { FaultPlanner } from "./faults";
import { flatLayProblems, resolutionProblem } from "./garment-checks";
import { findModel, modelsFor } from "./library";
import type { Quota } from "./options";
import { decodeSubmitBody } from "./protocol";
import type { TokenBucket } from "./rate-limit";
import { GENERAL_BASE, outputCount, validateSubmitRequest, type SubmitRequest } from "./request";
import { subTaskEnd, type StoredTask, type TaskStore, type TaskSubject } from "./tasks";

export interface SubmitDeps {
  quota: Quota;
  bucket: TokenBucket;
  faults: FaultPlanner;
  store: TaskStore;
  /** Downloads an image within the size and time limits (throws DownloadFailure). */
  fetchImage: (url: string) => Promise<DownloadedImage>;
  taskMs: number;
  now: () => number;
  onSubmit?: (rawBody: string) => void;
  /** Called once per task created (the metrics' `submits`). */
  onTaskCreated: () => void;
}

export function submitHandler(d: SubmitDeps): (raw: Buffer, trial: boolean) => Promise<HttpAnswer> {
  return async function handleSubmit(raw, trial) {
    const pool = trial ? "trial" : "paid";
    if (d.quota[pool] <= 0) {
      return gateway(200, "NoResource", "Sorry, your calling resources have been exhausted. Please purchase the API or enable the free trial (x-iop-trial: true).");
    }
    const slot = d.bucket.take();
    if (!slot.ok) return business(501, {}, undefined, retryAfter(slot.retryAfterMs));

    d.onSubmit?.(raw.toString("utf8"));
    const decoded = decodeSubmitBody(raw);
    if (!decoded.ok) return invalid(`${decoded.problem.field}: ${decoded.problem.message}`);
    const v = validateSubmitRequest(decoded.value);
    if (!v.ok) return invalid(v.message);
    const request = v.value;
    const library = librarySubjects(request);
    if (typeof library === "string") return invalid(library);

    const garmentUrl = request.garment.imageUrl;
    const fault = d.faults.decide(garmentUrl);
    const submitFault = fault?.kind === "code" && fault.at === "submit" ? fault.code : undefined;
    if (submitFault === 500 || submitFault === 501) return business(submitFault, {});

    let garment;
    try {
      garment = await d.fetchImage(garmentUrl);
    } catch (e) {
      if (e instanceof DownloadFailure) return business(701, {}, `clothesList[0].imageUrl: ${e.message}`);
      throw e;
    }
    const size = resolutionProblem(garment.width, garment.height);
    if (size) return business(703, {}, size);
    if (request.inputQualityDetect === 1) {
      const problems = await flatLayProblems(garment.bytes);
      if (problems.length) return business(707, {}, problems.join(" "));
    }
    // Content checks come after the image is read (they judge its content).
    if (submitFault !== undefined) return business(submitFault, {});

    let subjects: TaskSubject[] = library;
    if (request.modelImage.length) {
      const photos = await Promise.allSettled(request.modelImage.map((u) => d.fetchImage(u)));
      const bad = photos.findIndex((p) => p.status === "rejected");
      if (bad >= 0) {
        const reason = (photos[bad] as PromiseRejectedResult).reason;
        if (!(reason instanceof DownloadFailure)) throw reason;
        return business(701, {}, `modelImage[${bad}]: ${reason.message}`);
      }
      subjects = photos.map((p, i) => ({
        kind: "photo" as const,
        url: request.modelImage[i],
        label: `Your model photo ${i + 1}`,
        bytes: (p as PromiseFulfilledResult<{ bytes: Buffer }>).value.bytes,
      }));
    }

    const n = outputCount(request);
    const failCode = fault?.kind === "code" && fault.at === "query" ? fault.code : undefined;
    const task: StoredTask = {
      id: randomUUID(),
      createdAt: d.now(),
      request,
      ...(request.garment.type ? { type: request.garment.type } : {}),
      garmentUrl,
      garmentBytes: garment.bytes,
      subjects,
      subTasks: Array.from({ length: n }, (_, i) => ({ endsAfterMs: subTaskEnd(d.taskMs, i, n), ...(failCode ? { failCode } : {}) })),
      recolor: fault?.kind === "recolor",
    };
    d.store.add(task);
    d.quota[pool]--;
    d.onTaskCreated();
    return business(200, { result: { taskId: task.id } });
  };
}

/** Fixture-library subjects, one per output image, or a 700 detail. */
function librarySubjects(request: SubmitRequest): TaskSubject[] | string {
  const m = request.model;
  if (m.base !== GENERAL_BASE) return `model.base: unknown model library "${m.base}"; this service has only "${GENERAL_BASE}"`;
  const n = outputCount(request);
  if ("name" in m) {
    const model = findModel(m.name);
    if (!model) return `model.name: unknown model "${m.name}" in the ${GENERAL_BASE} library`;
    return Array.from({ length: n }, () => ({ kind: "library", model }));
  }
  const matches = modelsFor(m);
  return Array.from({ length: n }, (_, i) => ({ kind: "library", model: matches[i % matches.length] }));
}
