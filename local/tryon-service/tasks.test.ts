import { describe, expect, it } from "vitest";
import { Lru, mainStatus, subTaskEnd } from "./tasks";

describe("task lifecycle helpers", () => {
  it("GIVEN sub-task states THEN the main status aggregates them (spec §4.3 recommendation)", () => {
    expect(mainStatus([{ status: "submitted" }, { status: "submitted" }])).toBe("submitted");
    expect(mainStatus([{ status: "finished" }, { status: "running" }])).toBe("running");
    expect(mainStatus([{ status: "finished" }, { status: "failed", failCode: 801 }])).toBe("finished");
    expect(mainStatus([{ status: "failed", failCode: 1000 }])).toBe("failed");
  });

  it("GIVEN n sub-tasks THEN they end between 70% and 100% of taskMs, the last exactly at taskMs", () => {
    const ends = [0, 1, 2, 3].map((i) => subTaskEnd(1000, i, 4));
    expect(ends).toEqual([775, 850, 925, 1000]);
  });

  it("GIVEN an LRU of 2 THEN the least recently used entry is evicted", () => {
    const l = new Lru<number>(2);
    l.set("a", 1);
    l.set("b", 2);
    l.get("a");
    l.set("c", 3);
    expect([l.get("a"), l.get("b"), l.get("c"), l.size]).toEqual([1, undefined, 3, 2]);
  });
});
