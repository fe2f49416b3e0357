import { describe, expect, it } from "vitest";
import { ACTIVE_STATES, assertTransition, canTransition, CANCELLABLE_STATES, IllegalTransitionError, isJobState, isTerminal, JOB_STATES, TERMINAL_STATES, TRANSITIONS } from "./job-state";

describe("job state machine", () => {
  it("GIVEN the documented main path WHEN walked THEN every step is allowed", () => {
    const path = ["queued", "submitting", "polling", "succeeded", "awaiting_review", "attaching", "attached"] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1], path[i])).toBe(true);
    expect(canTransition("succeeded", "attaching")).toBe(true); // auto-approve skips review
  });

  it("GIVEN terminal states WHEN checked THEN cancelled and removed have no way out and failed only goes back by a retry (queued, or attaching/review when it has results)", () => {
    expect(TRANSITIONS.cancelled).toEqual([]);
    expect(TRANSITIONS.removed).toEqual([]);
    expect(TRANSITIONS.failed).toEqual(["queued", "attaching", "awaiting_review"]);
    for (const s of TERMINAL_STATES) expect(isTerminal(s)).toBe(true);
    for (const s of ACTIVE_STATES) expect(isTerminal(s)).toBe(false);
  });

  it("GIVEN a skipped step WHEN asserted THEN it throws a named error", () => {
    expect(() => assertTransition("queued", "attached")).toThrow(IllegalTransitionError);
    expect(() => assertTransition("queued", "attached")).toThrow(/cannot move from "queued" to "attached"/);
    expect(() => assertTransition("polling", "succeeded")).not.toThrow();
  });

  it("GIVEN every transition target WHEN listed THEN it is a known state (closed set)", () => {
    for (const [from, tos] of Object.entries(TRANSITIONS)) {
      expect(isJobState(from)).toBe(true);
      for (const to of tos) expect(JOB_STATES).toContain(to);
    }
    expect(isJobState("done")).toBe(false);
  });

  it("GIVEN an attach in progress WHEN a run is cancelled THEN attaching is not cancellable (it finishes exactly once)", () => {
    expect(CANCELLABLE_STATES).not.toContain("attaching");
    for (const s of CANCELLABLE_STATES) expect(canTransition(s, "cancelled")).toBe(true);
  });
});
