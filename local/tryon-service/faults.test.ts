import { describe, expect, it } from "vitest";
import { FaultPlanner, parseFaultMarker } from "./faults";

describe("parseFaultMarker", () => {
  it.each([
    ["http://h/flat.png?fault=500", { code: 500 }],
    ["http://h/fault-801/flat.png", { code: 801 }],
    ["http://h/FAULT_1002.png", { code: 1002 }],
    ["http://h/flat.png?x=1&fault=1001x3", { code: 1001, times: 3 }],
    ["http://h/flat.png?fault%3D1000", { code: 1000 }],
  ])("GIVEN %s THEN %j", (url, marker) => {
    expect(parseFaultMarker(url)).toEqual(marker);
  });

  it.each(["http://h/flat.png", "http://h/default-500.png", "http://h/f.png?fault=700", "http://h/f.png?fault=5000"])("GIVEN %s THEN no marker", (url) => {
    expect(parseFaultMarker(url)).toBeUndefined();
  });
});

describe("FaultPlanner", () => {
  it("GIVEN fault=500x2 THEN the first two submits of that URL fail and later ones do not", () => {
    const p = new FaultPlanner(0, Math.random);
    const url = "http://h/flat.png?fault=500x2";
    expect([p.decide(url), p.decide(url), p.decide(url)]).toEqual([500, 500, undefined]);
    expect(p.decide("http://h/other.png?fault=500x2")).toBe(500);
  });

  it("GIVEN a fault rate of 0 THEN plain URLs never fail; rate 1 always picks a documented random code", () => {
    expect(new FaultPlanner(0, () => 0).decide("http://h/a.png")).toBeUndefined();
    const seq = [0.1, 0.0, 0.1, 0.99];
    const p = new FaultPlanner(1, () => seq.shift()!);
    expect(p.decide("http://h/a.png")).toBe(500);
    expect(p.decide("http://h/a.png")).toBe(1002);
  });
});
