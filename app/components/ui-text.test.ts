import { describe, expect, it } from "vitest";
import { failureHelp } from "./failure-help";
import { summarizeSettings } from "./settings-summary";
import { jobStatusLabel, runStatusLabel } from "./status";
import { settledPercent } from "./RunProgress";
import { reviewDecisionMessage } from "./review/review-text";

describe("merchant words for failures, settings and states", () => {
  it("GIVEN a too-small image (703) WHEN failures are grouped THEN the group says what to do, on the product", () => {
    expect(failureHelp("703")).toMatchObject({ title: "Garment image too small or too large", where: "product" });
    expect(failureHelp("703").action).toMatch(/larger than 500×500 px/);
  });

  it("GIVEN a credentials gateway code WHEN described THEN it points to Settings and Test connection", () => {
    expect(failureHelp("InvalidSignature")).toMatchObject({ where: "settings" });
    expect(failureHelp("InvalidSignature").action).toMatch(/Test connection/);
  });

  it("GIVEN a product skipped as already generated or over the daily limit WHEN described THEN the advice is its own message, never 'retry the failed products'", () => {
    for (const code of ["DUPLICATE", "DAILY_CAP"]) {
      expect(failureHelp(code).fixInMessage, code).toBe(true);
      expect(failureHelp(code).action, code).not.toMatch(/retry/i);
    }
    expect(failureHelp("DUPLICATE").title).toBe("Already generated");
    expect(failureHelp("PRODUCT_GONE").action).not.toMatch(/retry/i);
  });

  it("GIVEN a 700 (invalid settings, such as an unknown model name) WHEN described THEN it points to Settings first, where the shop's model is set", () => {
    expect(failureHelp("700")).toMatchObject({ where: "settings" });
    expect(failureHelp("700").action).toMatch(/in Settings, or in the collection's or product's own try-on settings/);
  });

  it("GIVEN an unknown code WHEN described THEN it still says what to do, without showing the code", () => {
    const help = failureHelp("XYZ_42");
    expect(help.title).toBe("Failed");
    expect(help.action).toMatch(/retry/);
  });

  it("GIVEN a collection's settings WHEN summarised THEN one readable line, photos winning over model and count", () => {
    expect(summarizeSettings({ modelName: "Ariel", viewType: "halfbody", generateCount: 2, inputQualityDetect: 1 })).toBe("Ariel · Half body · 2 images per product · quality check on");
    expect(summarizeSettings({ modelImageUrls: ["https://a/1.png", "https://a/2.png"], modelName: "Ariel", generateCount: 4 })).toBe("2 own model photos");
    expect(summarizeSettings({})).toBe("");
  });

  it("GIVEN job and run states WHEN labelled THEN the merchant reads words, and an all-removed run reads Undone", () => {
    expect(jobStatusLabel("awaiting_review").label).toBe("Needs review");
    expect(jobStatusLabel("attached")).toMatchObject({ label: "On product", tone: "success" });
    expect(runStatusLabel("completed", { removed: 15, failed: 4 }).label).toBe("Undone");
    expect(runStatusLabel("completed", { attached: 3, removed: 1 }).label).toBe("Finished");
    expect(settledPercent(3, 4)).toBe(75);
    expect(settledPercent(0, 0)).toBe(0);
  });

  it("GIVEN approved or rejected images WHEN confirmed THEN singular and plural follow the images and the products", () => {
    expect(reviewDecisionMessage("approve", 1, 1)).toBe("Approved 1 image; adding it to the product");
    expect(reviewDecisionMessage("approve", 3, 1)).toBe("Approved 3 images; adding them to the product");
    expect(reviewDecisionMessage("approve", 5, 2)).toBe("Approved 5 images; adding them to 2 products");
    expect(reviewDecisionMessage("reject", 1, 1)).toBe("Rejected 1 image");
    expect(reviewDecisionMessage("approve", 0, 0)).toBe("Nothing changed: those images were already approved or rejected.");
  });
});
