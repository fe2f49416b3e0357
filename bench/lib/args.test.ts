import { describe, expect, it } from "vitest";
import { ArgsError, parseBenchArgs, scaleName, WORKLOADS, type BenchOptions } from "./args";

const parse = (argv: string[]) => parseBenchArgs(argv) as BenchOptions;

describe("npm run bench arguments", () => {
  it("GIVEN no flags WHEN parsed THEN the issue's workload 1 parameters and every workload are the defaults", () => {
    const o = parse([]);
    expect(o.only).toEqual([...WORKLOADS]);
    expect([o.products, o.qps, o.taskMs, o.queryQps]).toEqual([1000, 20, 3000, 60]);
    expect([o.scaleProducts, o.pagesJobs, o.workers]).toEqual([10000, 10000, 3]);
    expect(o.scaleoutProducts).toBe(1000);
    expect(o.out).toBe("bench/results.json");
  });

  it("GIVEN --only throughput-q100 WHEN parsed THEN the Q=100 row runs on its own (it is not in the default set)", () => {
    expect(parse(["--only", "throughput-q100", "--merge"]).only).toEqual(["throughput-q100"]);
    expect(parse([]).only).not.toContain("throughput-q100");
  });

  it("GIVEN --scale-products 100000 WHEN named THEN it is stored as scale-100000, so --merge keeps the 10,000-product row", () => {
    expect(scaleName(parse([]))).toBe("scale");
    expect(scaleName(parse(["--tiny"]))).toBe("scale");
    expect(scaleName(parse(["--only", "scale", "--scale-products", "100000", "--merge"]))).toBe("scale-100000");
  });

  it("GIVEN the issue's example flags WHEN parsed THEN they are taken as given", () => {
    const o = parse(["--only", "throughput", "--products", "1000", "--qps", "20", "--task-ms", "3000"]);
    expect(o.only).toEqual(["throughput"]);
    expect([o.products, o.qps, o.taskMs]).toEqual([1000, 20, 3000]);
  });

  it("GIVEN --tiny and an explicit flag WHEN parsed THEN tiny sizes apply and the explicit flag wins", () => {
    const o = parse(["--tiny", "--products", "7"]);
    expect(o.tiny).toBe(true);
    expect(o.products).toBe(7);
    expect(o.scaleProducts).toBeLessThan(100);
  });

  it("GIVEN an unknown workload or a bad number WHEN parsed THEN the error names the flag", () => {
    expect(() => parse(["--only", "throughput,speed"])).toThrow(ArgsError);
    expect(() => parse(["--only", "speed"])).toThrow(/--only/);
    expect(() => parse(["--qps", "fast"])).toThrow(/--qps/);
    expect(() => parse(["--generate-count", "9"])).toThrow(/--generate-count: must be at most 8/);
    expect(() => parse(["--bogus"])).toThrow();
  });

  it("GIVEN --vitals-pages WHEN parsed THEN only known page names are taken, and a wrong one is named", () => {
    expect(parse([]).vitalsPages).toBeUndefined();
    expect(parse(["--only", "web-vitals", "--vitals-pages", "Product, Run"]).vitalsPages).toEqual(["Product", "Run"]);
    expect(() => parse(["--vitals-pages", "Checkout"])).toThrow(/--vitals-pages: must list pages from: Dashboard/);
    expect(() => parse(["--vitals-pages", ","])).toThrow(/--vitals-pages: must name at least one page/);
  });

  it("GIVEN --help WHEN parsed THEN help is asked for", () => {
    expect(parseBenchArgs(["--help"])).toBe("help");
  });
});
