/**
 * Accessibility checks for the browser tests: axe-core run inside the app's iframe (the page the
 * merchant uses), and a page-by-page walk that checks and photographs each page at the widths the
 * issue names (1440 and 800 px).
 *
 * Why axe-core is injected into the frame directly instead of through `@axe-core/playwright`'s
 * AxeBuilder: the app runs cross-origin inside the admin frame, and AxeBuilder's frame-by-frame run
 * reports that frame as "frame-tested: incomplete" and silently skips it (checked with a button with no
 * name and an image with no alt planted in the frame: AxeBuilder found neither, the direct run both).
 * Only the app's document is scanned: the admin frame around it is the local stand-in for Shopify's
 * admin, which the app does not ship.
 */
import axe from "axe-core";
import type { Page } from "playwright-core";
import { appFrame, screenshot } from "./harness";

export const WIDTHS = [1440, 800] as const;
const HEIGHT = 1000;

export interface A11yFinding {
  /** Page or modal name (the screenshot's name without the width). */
  where: string;
  width: number;
  rule: string;
  impact: string;
  help: string;
  /** CSS selectors of the first offending elements, with axe's summary of what to fix. */
  nodes: string[];
}

/** Serious and critical violations are what the bar counts (0 allowed). */
const COUNTED = new Set(["serious", "critical"]);

/**
 * axe-core on the app's document as it is now. `region` (content outside landmarks, "moderate") is left
 * out: it visits every node and is the slowest rule, and it can never be serious or critical.
 */
export async function axeApp(page: Page, where: string, width: number): Promise<A11yFinding[]> {
  const frame = appFrame(page);
  const loaded = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!loaded) await frame.evaluate(axe.source);
  const result = (await frame.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"], rules: { region: { enabled: false } } }),
  )) as axe.AxeResults;
  return result.violations
    .filter((v) => COUNTED.has(v.impact ?? ""))
    .map((v) => ({
      where,
      width,
      rule: v.id,
      impact: v.impact ?? "",
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} — ${(n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 240)}`),
    }));
}

/** Readable list for an assertion message. */
export function describeFindings(findings: A11yFinding[]): string {
  return findings.map((f) => `${f.where} @${f.width}px: [${f.impact}] ${f.rule} — ${f.help}\n    ${f.nodes.join("\n    ")}`).join("\n");
}

export interface Walker {
  /** Every serious/critical violation seen so far. */
  findings: A11yFinding[];
  /** Screenshot names written so far (`<name>-<width>`). */
  shots: string[];
  /**
   * Checks the page as it is now at each width: waits for `ready` (re-run after each resize: the layout
   * can change), runs axe at the widths in `axeAt` (default 1440 only: names, roles and contrast do not
   * change with the width; pages whose markup does — Polaris tables condense — add 800) and writes
   * `<name>-<width>.png`. Ends at the first width.
   */
  check(name: string, ready?: () => Promise<unknown>, options?: { widths?: readonly number[]; axeAt?: readonly number[] }): Promise<void>;
}

export function pageWalker(page: Page): Walker {
  const findings: A11yFinding[] = [];
  const shots: string[] = [];
  return {
    findings,
    shots,
    async check(name, ready, options = {}) {
      const widths = options.widths ?? WIDTHS;
      for (const width of widths) {
        await page.setViewportSize({ width, height: HEIGHT });
        // The app re-lays out after the resize: give it one frame, then the page's own readiness check.
        await appFrame(page).evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        if (ready) await ready();
        if ((options.axeAt ?? [WIDTHS[0]]).includes(width)) findings.push(...(await axeApp(page, name, width)));
        await screenshot(page, `${name}-${width}`);
        shots.push(`${name}-${width}`);
      }
      await page.setViewportSize({ width: widths[0], height: HEIGHT });
    },
  };
}
