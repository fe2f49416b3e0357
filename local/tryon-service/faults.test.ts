import { describe, expect, it } from "vitest";
import { FaultPlanner, parseFaultMarker, randomFaultsFor } from "./faults";

const code = (c: number, at: "submit" | "query") => ({ kind: "code", code: c, at });

describe("parseFaultMarker", () => {
  it.each([
    ["http://h/flat.png?fault=500", { fault: code(500, "submit") }],
    ["http://h/fault-801/flat.png", { fault: code(801, "query") }],
    ["http://h/FAULT_1002.png", { fault: code(1002, "query") }],
    ["http://h/flat.png?x=1&fault=1001x3", { fault: code(1001, "submit"), times: 3 }],
    ["http://h/flat.png?fault%3D1000", { fault: code(1000, "query") }],
    ["http://h/flat.png?fault=1002-submit", { fault: code(1002, "submit") }],
    ["http://h/fault_1002x2_submit/flat.png", { fault: code(1002, "submit"), times: 2 }],
    ["http://h/flat.png?fault=1001-query", { fault: code(1001, "query") }],
    ["http://h/flat.png?fault=recolor", { fault: { kind: "recolor" } }],
    ["http://h/fault-recolor/flat.png", { fault: { kind: "recolor" } }],
  ])("GIVEN %s THEN %j", (url, marker) => {
    expect(parseFaultMarker(url)).toEqual(marker);
  });

  it.each([
    "http://h/flat.png",
    "http://h/default-500.png",
    "http://h/f.png?fault=700",
    "http://h/f.png?fault=5000",
    // Stages the spec does not list for the code are not markers.
    "http://h/f.png?fault=801-submit",
    "http://h/f.png?fault=recolor-submit",
    "http://h/f.png?fault=recolored",
  ])("GIVEN %s THEN no marker", (url) => {
    expect(parseFaultMarker(url)).toBeUndefined();
  });
});

describe("FaultPlanner", () => {
  it("GIVEN fault=500x2 THEN the first two submits of that URL fail and later ones do not", () => {
    const p = new FaultPlanner(0, Math.random);
    const url = "http://h/flat.png?fault=500x2";
    expect([p.decide(url), p.decide(url), p.decide(url)]).toEqual([code(500, "submit"), code(500, "submit"), undefined]);
    expect(p.decide("http://h/other.png?fault=500x2")).toEqual(code(500, "submit"));
  });

  it("GIVEN a fault rate of 0 THEN plain URLs never fail; rate 1 always picks a documented random fault", () => {
    expect(new FaultPlanner(0, () => 0).decide("http://h/a.png")).toBeUndefined();
    const seq = [0.1, 0.0, 0.1, 0.99];
    const p = new FaultPlanner(1, () => seq.shift()!);
    expect(p.decide("http://h/a.png")).toEqual(code(500, "submit"));
    expect(p.decide("http://h/a.png")).toEqual(code(1002, "submit"));
  });

  it("GIVEN fault codes 500, 501 and 1001 WHEN random faults are drawn THEN only those codes come, each where it surfaces", () => {
    const draws = [0.05, 0.0, 0.05, 0.5, 0.05, 0.99];
    const p = new FaultPlanner(0.2, () => draws.shift()!, 10_000, [500, 501, 1001]);
    expect([p.decide("http://h/a.png"), p.decide("http://h/a.png"), p.decide("http://h/a.png")]).toEqual([code(500, "submit"), code(501, "submit"), code(1001, "submit")]);
    expect(() => randomFaultsFor([700])).toThrow(/700/);
  });
});
