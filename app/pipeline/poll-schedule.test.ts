import { describe, expect, it } from "vitest";
import { deadlineMessage, PollSchedule } from "./poll-schedule";

describe("PollSchedule", () => {
  it("GIVEN no observations WHEN asked THEN the first poll waits the initial estimate and later polls back off from a quarter of it", () => {
    const s = new PollSchedule({ initialEstimateMs: 4000, minDelayMs: 100, maxDelayMs: 10_000, factor: 2 });
    expect(s.delayBefore(1)).toBe(4000);
    expect(s.delayBefore(2)).toBe(1000);
    expect(s.delayBefore(3)).toBe(2000);
    expect(s.delayBefore(6)).toBe(10_000); // capped
  });

  it("GIVEN tasks that take 300 ms WHEN observed repeatedly THEN the first poll converges near 300 ms", () => {
    const s = new PollSchedule({ initialEstimateMs: 5000, minDelayMs: 20 });
    const taskMs = 300;
    let queries = 0;
    for (let task = 0; task < 200; task++) {
      let elapsed = 0;
      let previous: number | undefined;
      for (let poll = 1; ; poll++) {
        elapsed += s.delayBefore(poll);
        queries++;
        if (elapsed >= taskMs) {
          s.observe(elapsed, previous);
          break;
        }
        previous = elapsed;
      }
    }
    expect(s.estimateMs()).toBeGreaterThan(taskMs * 0.7);
    expect(s.estimateMs()).toBeLessThan(taskMs * 1.5);
    // Well under the benchmark's 3 queries per finished task.
    expect(queries / 200).toBeLessThan(2.5);
  });

  it("GIVEN first polls that ran late because the process was busy WHEN they find 3 s tasks done THEN the next first poll does not wait longer", () => {
    const s = new PollSchedule({ initialEstimateMs: 8000 });
    for (let task = 0; task < 50; task++) {
      const given = s.firstPollDelay(`task-${task}`);
      // The poll was due after `given` ms but ran 20 s after the submit.
      expect(given).toBeLessThanOrEqual(8000);
      s.observe(20_000, undefined, `task-${task}`);
    }
    expect(s.delayBefore(1)).toBeLessThan(8000);
  });

  it("GIVEN a burst submitted before any task finished WHEN all are found done at their first poll THEN the estimate settles near the wait they were given instead of collapsing", () => {
    const s = new PollSchedule({ initialEstimateMs: 8000 });
    const ids = Array.from({ length: 1000 }, (_, i) => `burst-${i}`);
    for (const id of ids) expect(s.firstPollDelay(id)).toBe(8000);
    for (const id of ids) s.observe(8000, undefined, id);
    expect(s.estimateMs()).toBeGreaterThan(6000);
    expect(s.estimateMs()).toBeLessThanOrEqual(8000);
  });

  it("GIVEN a task whose first poll was planned elsewhere (another process, a restart) WHEN observed THEN its elapsed time counts as before", () => {
    const s = new PollSchedule({ initialEstimateMs: 8000 });
    s.observe(4000, undefined, "unknown-task");
    expect(s.estimateMs()).toBeCloseTo(4000 * 0.85);
  });

  it("GIVEN tasks that became slower than the estimate WHEN first polls miss THEN the estimate grows to the new duration", () => {
    const s = new PollSchedule({ initialEstimateMs: 1000, minDelayMs: 20 });
    const taskMs = 6000;
    for (let task = 0; task < 100; task++) {
      let elapsed = 0;
      let previous: number | undefined;
      for (let poll = 1; ; poll++) {
        elapsed += s.delayBefore(poll);
        if (elapsed >= taskMs) {
          s.observe(elapsed, previous);
          break;
        }
        previous = elapsed;
      }
    }
    expect(s.estimateMs()).toBeGreaterThan(taskMs * 0.7);
    expect(s.estimateMs()).toBeLessThan(taskMs * 1.5);
  });

  it("GIVEN stored durations WHEN seeded THEN the estimate starts from them", () => {
    const s = new PollSchedule({ initialEstimateMs: 9000 });
    s.seed([1000, 1000, 1000]);
    expect(s.estimateMs()).toBe(1000);
    expect(s.observations()).toBe(3);
  });

  it("GIVEN a deadline WHEN described THEN the merchant text names the time and what to do", () => {
    expect(deadlineMessage(600_000)).toMatch(/within 10 minutes.*retry the failed products later/);
    expect(deadlineMessage(5_000)).toMatch(/within 5 seconds/);
  });
});
