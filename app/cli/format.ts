/** Small helpers of the operator CLI (pure, unit-tested). */
import type { RunProgress } from "../persistence/runs.server";

export class UsageError extends Error {}

/** "example" → "example.myshopify.com"; full domains pass through. */
export function normaliseShop(input: string): string {
  const s = input.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(s)) throw new UsageError(`"${input}" is not a shop domain like example.myshopify.com`);
  return s.includes(".") ? s : `${s}.myshopify.com`;
}

/** "501" or "gid://shopify/Collection/501" → the gid. */
export function toGid(kind: "Product" | "Collection", input: string): string {
  if (new RegExp(`^gid://shopify/${kind}/\\d+$`).test(input)) return input;
  if (/^\d+$/.test(input)) return `gid://shopify/${kind}/${input}`;
  throw new UsageError(`"${input}" is not a ${kind.toLowerCase()} id (a number or gid://shopify/${kind}/123)`);
}

/** "running — 12/40 done (attached 10, failed 2, polling 5, queued 23); images 10/40 attached". */
export function formatProgress(p: RunProgress): string {
  const parts = Object.entries(p.jobs)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n}`)
    .join(", ");
  const planning = p.status === "planning" ? `; planned ${p.products.planned} products` : "";
  return `${p.status} — ${p.jobsDone}/${p.jobsTotal} done (${parts || "no jobs"}); images ${p.images.attached}/${p.images.expected} attached${planning}`;
}
