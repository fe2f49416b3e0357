import { describe, expect, it } from "vitest";
import { maxInWindow } from "./services";
import { percentile } from "./stats";
import { figure, machineInfo, renderTable, type BenchResults } from "./report";

describe("figures and targets", () => {
  it("GIVEN targets WHEN a value is measured THEN pass follows the comparator, and an unmeasured value never passes", () => {
    expect(figure({ key: "a", label: "a", value: 0.91, unit: "", target: { op: ">=", value: 0.9 } }).pass).toBe(true);
    expect(figure({ key: "a", label: "a", value: 0.89, unit: "", target: { op: ">=", value: 0.9 } }).pass).toBe(false);
    expect(figure({ key: "b", label: "b", value: 300, unit: "MB", target: { op: "<", value: 300 } }).pass).toBe(false);
    expect(figure({ key: "c", label: "c", value: 1.08, unit: "", target: { op: "within", value: 1, tolerance: 0.1 } }).pass).toBe(true);
    expect(figure({ key: "c", label: "c", value: 0.85, unit: "", target: { op: "within", value: 1, tolerance: 0.1 } }).pass).toBe(false);
    expect(figure({ key: "d", label: "d", value: null, unit: "", target: { op: "==", value: 0 } }).pass).toBe(false);
    expect(figure({ key: "e", label: "e", value: 3, unit: "s" }).pass).toBeUndefined();
  });

  it("GIVEN results WHEN rendered THEN each figure shows its workload, target and verdict, and the parameters are listed", () => {
    const results: BenchResults = {
      command: "npm run bench -- --only throughput",
      startedAt: "2026-01-01T00:00:00.000Z",
      tiny: false,
      machine: machineInfo(),
      workloads: [
        {
          name: "throughput",
          title: "Bulk throughput",
          params: { products: 1000, submitQps: 20 },
          figures: [figure({ key: "boundOverWall", label: "bound ÷ wall", value: 0.95, unit: "", target: { op: ">=", value: 0.9 } })],
          notes: ["planning limits it"],
          durationMs: 1000,
        },
      ],
    };
    const table = renderTable(results);
    expect(table).toMatch(/throughput\s+bound ÷ wall\s+0\.950\s+>= 0\.900\s+PASS/);
    expect(table).toContain("params: products=1000 submitQps=20");
    expect(table).toContain("note: planning limits it");
  });
});

describe("statistics", () => {
  it("GIVEN samples WHEN percentiles are taken THEN nearest rank is used", () => {
    const s = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(s, 50)).toBe(5);
    expect(percentile(s, 95)).toBe(10);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it("GIVEN submit times WHEN the busiest second is counted THEN the sliding window finds it", () => {
    // 200, 1100, 1150, 1199 fall within one second; 0 and 1250 are a second or more from the ends.
    expect(maxInWindow([0, 100, 200, 1100, 1150, 1199, 1250])).toBe(4);
    expect(maxInWindow([0, 999, 1000])).toBe(2);
    expect(maxInWindow([])).toBe(0);
  });
});
