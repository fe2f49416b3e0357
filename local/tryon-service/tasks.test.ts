import { describe, expect, it } from "vitest";
import { Lru, mainStatus, subTaskEnd, TaskStore, type StoredTask } from "./tasks";

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

describe("TaskStore memory bounds", () => {
  const task = (id: string, createdAt: number, bytes: number): StoredTask => ({
    id,
    createdAt,
    request: { garment: { imageUrl: "http://h/g.png" }, modelImage: [], model: { base: "General", gender: "female", body: "slim" }, viewType: "fullbody", inputQualityDetect: 0, generateCount: 1 },
    garmentUrl: "http://h/g.png",
    garmentBytes: Buffer.alloc(bytes),
    subjects: [],
    subTasks: [{ endsAfterMs: 100 }],
    recolor: false,
  });
  const limits = { queryTtlMs: 1000, resultTtlMs: 5000, taskMs: 100, maxTasks: 10, maxBytes: 100 };

  it("GIVEN the byte budget is exceeded THEN the oldest task keeps its URL but drops its bytes, and stays queryable", () => {
    const store = new TaskStore(limits, () => 0);
    store.add(task("a", 0, 60));
    store.add(task("b", 0, 60));
    expect(store.forQuery("a")?.garmentBytes).toBeUndefined();
    expect(store.forQuery("a")?.garmentUrl).toBe("http://h/g.png");
    expect(store.forQuery("b")?.garmentBytes?.length).toBe(60);
    expect([store.heldBytes, store.bytesDropped, store.size]).toEqual([60, 1, 2]);
  });

  it("GIVEN more tasks than maxTasks THEN the oldest is evicted", () => {
    const store = new TaskStore({ ...limits, maxTasks: 1 }, () => 0);
    store.add(task("a", 0, 1));
    store.add(task("b", 0, 1));
    expect([store.forQuery("a"), store.forQuery("b")?.id, store.evicted]).toEqual([undefined, "b", 1]);
  });

  it("GIVEN the query TTL passed THEN queries miss the task while its result link still answers until the result TTL", () => {
    let now = 0;
    const store = new TaskStore(limits, () => now);
    store.add(task("a", 0, 1));
    now = 1001;
    expect(store.forQuery("a")).toBeUndefined();
    expect(store.forResult("a", 0)?.id).toBe("a");
    now = 100 + 5000;
    expect(store.forResult("a", 0)).toBeUndefined();
    now += 1;
    store.sweep();
    expect(store.size).toBe(0);
  });
});
