/** What the run page says after "Retry failed products". */
export interface RetryOutcome {
  requeued: number;
  /** Of those, products checked again with the current settings and photos before they are sent. */
  replanning: number;
  stillFailing: number;
  /** Left failed: queuing them would pass the shop's daily image limit. */
  overDailyLimit?: number;
  /** Of `requeued`, products shown as "Skipped" (never sent): always checked again, counted apart. */
  skippedRechecked?: number;
}

const products = (n: number) => `${n} product${n === 1 ? "" : "s"}`;

export function retryMessage(r: RetryOutcome): string {
  const over = r.overDailyLimit ?? 0;
  const limit = over ? `${products(over)} ${over === 1 ? "wasn't" : "weren't"} retried: the shop's daily image limit is reached. Raise it in Settings, or retry after midnight UTC.` : "";
  const still = r.stillFailing ? `${products(r.stillFailing)} still can't be tried on — see ${r.stillFailing === 1 ? "its message" : "their messages"}.` : "";
  if (!r.requeued) return [still ? `Nothing to retry: ${still}` : "", limit].filter(Boolean).join(" ") || "Nothing to retry.";
  const stuck = [still, limit].filter(Boolean).join(" ");
  // The retry button counts failed products; skipped ones are checked again too, and said apart.
  const skipped = Math.min(r.skippedRechecked ?? 0, r.requeued);
  const failed = r.requeued - skipped;
  const replanning = Math.max(0, r.replanning - skipped);
  let text = "";
  if (failed) {
    text = `Retrying ${products(failed)}`;
    if (replanning === failed) text += failed === 1 ? ": it's checked again with your current settings and photos before it's sent." : ": they're checked again with your current settings and photos before they're sent.";
    else if (replanning) text += `; ${replanning} of them ${replanning === 1 ? "is" : "are"} checked again with your current settings and photos first.`;
    else text += ".";
  }
  if (skipped) text += `${text ? " " : ""}${products(skipped)} skipped before sending ${skipped === 1 ? "is" : "are"} checked again with your current settings and photos.`;
  return stuck ? `${text} ${stuck}` : text;
}
