/** What the run page says after "Retry failed products". */
export interface RetryOutcome {
  requeued: number;
  /** Of those, products checked again with the current settings and photos before they are sent. */
  replanning: number;
  stillFailing: number;
  /** Left failed: queuing them would pass the shop's daily image limit. */
  overDailyLimit?: number;
}

const products = (n: number) => `${n} product${n === 1 ? "" : "s"}`;

export function retryMessage(r: RetryOutcome): string {
  const over = r.overDailyLimit ?? 0;
  const limit = over ? `${products(over)} ${over === 1 ? "wasn't" : "weren't"} retried: the shop's daily image limit is reached. Raise it in Settings, or retry after midnight UTC.` : "";
  const still = r.stillFailing ? `${products(r.stillFailing)} still can't be tried on — see ${r.stillFailing === 1 ? "its message" : "their messages"}.` : "";
  if (!r.requeued) return [still ? `Nothing to retry: ${still}` : "", limit].filter(Boolean).join(" ") || "Nothing to retry.";
  const stuck = [still, limit].filter(Boolean).join(" ");
  let text = `Retrying ${products(r.requeued)}`;
  if (r.replanning === r.requeued) text += r.requeued === 1 ? ": it's checked again with your current settings and photos before it's sent." : ": they're checked again with your current settings and photos before they're sent.";
  else if (r.replanning) text += `; ${r.replanning} of them ${r.replanning === 1 ? "is" : "are"} checked again with your current settings and photos first.`;
  else text += ".";
  return stuck ? `${text} ${stuck}` : text;
}
