import { describe, expect, it } from "vitest";
import { expectMessage } from "./app-run";
import type { AppChild } from "./child";

/** A child that never sends anything: every wait times out after `timeoutMs`. */
const silentChild = () =>
  ({
    next: (type: string, timeoutMs = 20) => new Promise((_, reject) => setTimeout(() => reject(new Error(`no "${type}" message within ${timeoutMs} ms`)), timeoutMs)),
  }) as unknown as AppChild;

describe("expectMessage", () => {
  it("GIVEN a wait set up ahead WHEN it times out while an earlier wait is still awaited THEN nothing goes unhandled, and awaiting it later gives the timeout", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const child = silentChild();
      const later = expectMessage(child, "generated", 10);
      // The earlier step takes longer than the later wait's timeout.
      await new Promise((r) => setTimeout(r, 60));
      expect(unhandled).toEqual([]);
      await expect(later).rejects.toThrow(/no "(generated|error)" message within 10 ms/);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
