import { afterEach, describe, expect, it, vi } from "vitest";
import { AUTO_APPROVE_REUSE_MS, autoApproves, type StepContext } from "./step-context";

/** A step context whose database holds one setting per shop and counts the reads. */
function contextWith(settings: Record<string, boolean>, cache?: StepContext["autoApproveCache"]) {
  const reads: string[] = [];
  const db = {
    shopSettings: {
      findUnique: async ({ where }: { where: { shop: string } }) => {
        reads.push(where.shop);
        return where.shop in settings ? { autoApprove: settings[where.shop] } : null;
      },
    },
  };
  const ctx = { deps: { db }, autoApproveCache: cache } as unknown as StepContext;
  return { ctx, reads };
}

describe("autoApproves: a shop's setting, read once a second at most per process", () => {
  afterEach(() => vi.useRealTimers());

  it("GIVEN results of one shop stored back to back WHEN each asks THEN the setting is read once, and again once a second has passed", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    const settings = { "a.myshopify.com": true };
    const { ctx, reads } = contextWith(settings, new Map());
    expect(await autoApproves(ctx, "a.myshopify.com")).toBe(true);
    expect(await autoApproves(ctx, "a.myshopify.com")).toBe(true);
    expect(reads).toHaveLength(1);
    // The merchant turns auto-approve off: in force once the reuse window has passed.
    settings["a.myshopify.com"] = false;
    vi.advanceTimersByTime(AUTO_APPROVE_REUSE_MS);
    expect(await autoApproves(ctx, "a.myshopify.com")).toBe(false);
    expect(reads).toHaveLength(2);
  });

  it("GIVEN two shops WHEN each asks THEN each gets its own setting, and a shop without settings reviews", async () => {
    const { ctx, reads } = contextWith({ "a.myshopify.com": true, "b.myshopify.com": false }, new Map());
    expect(await autoApproves(ctx, "a.myshopify.com")).toBe(true);
    expect(await autoApproves(ctx, "b.myshopify.com")).toBe(false);
    expect(await autoApproves(ctx, "c.myshopify.com")).toBe(false);
    expect(await autoApproves(ctx, "b.myshopify.com")).toBe(false);
    expect(reads).toEqual(["a.myshopify.com", "b.myshopify.com", "c.myshopify.com"]);
  });

  it("GIVEN a context without a cache WHEN asked twice THEN it reads twice", async () => {
    const { ctx, reads } = contextWith({ "a.myshopify.com": true });
    await autoApproves(ctx, "a.myshopify.com");
    await autoApproves(ctx, "a.myshopify.com");
    expect(reads).toHaveLength(2);
  });
});
