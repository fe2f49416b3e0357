import { describe, expect, it } from "vitest";
import { retryMessage } from "./retry-text";

describe("what the run page says after a retry", () => {
  it("GIVEN products refused for their settings or photo THEN it says they are checked again before they are sent", () => {
    expect(retryMessage({ requeued: 18, replanning: 18, stillFailing: 0 })).toBe("Retrying 18 products: they're checked again with your current settings and photos before they're sent.");
    expect(retryMessage({ requeued: 1, replanning: 1, stillFailing: 0 })).toBe("Retrying 1 product: it's checked again with your current settings and photos before it's sent.");
    expect(retryMessage({ requeued: 5, replanning: 2, stillFailing: 0 })).toBe("Retrying 5 products; 2 of them are checked again with your current settings and photos first.");
    // The button said "Retry 2 failed products": the 2 skipped ones checked with them are said apart.
    expect(retryMessage({ requeued: 4, replanning: 2, stillFailing: 0, skippedRechecked: 2 })).toBe("Retrying 2 products. 2 products skipped before sending are checked again with your current settings and photos.");
  });

  it("GIVEN failures re-sent as they were, or nothing to retry THEN it says so plainly, naming what still can't be tried on", () => {
    expect(retryMessage({ requeued: 3, replanning: 0, stillFailing: 0 })).toBe("Retrying 3 products.");
    expect(retryMessage({ requeued: 3, replanning: 0, stillFailing: 1 })).toBe("Retrying 3 products. 1 product still can't be tried on — see its message.");
    expect(retryMessage({ requeued: 0, replanning: 0, stillFailing: 2 })).toBe("Nothing to retry: 2 products still can't be tried on — see their messages.");
    expect(retryMessage({ requeued: 0, replanning: 0, stillFailing: 0 })).toBe("Nothing to retry.");
    expect(retryMessage({ requeued: 1, replanning: 0, stillFailing: 0, overDailyLimit: 2 })).toBe("Retrying 1 product. 2 products weren't retried: the shop's daily image limit is reached. Raise it in Settings, or retry after midnight UTC.");
    expect(retryMessage({ requeued: 0, replanning: 0, stillFailing: 0, overDailyLimit: 1 })).toBe("1 product wasn't retried: the shop's daily image limit is reached. Raise it in Settings, or retry after midnight UTC.");
  });
});
