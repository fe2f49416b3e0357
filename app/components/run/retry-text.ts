/** What the run page says after "Retry failed products". */
export interface RetryOutcome {
  requeued: number;
  /** Of those, products checked again with the current settings and photos before they are sent. */
  replanning: number;
  stillFailing: number;
}

const products = (n: number) => `${n} product${n === 1 ? "" : "s"}`;

export function retryMessage(r: RetryOutcome): string {
  const stuck = r.stillFailing ? `${products(r.stillFailing)} still can't be tried on — see ${r.stillFailing === 1 ? "its message" : "their messages"}.` : "";
  if (!r.requeued) return stuck ? `Nothing to retry: ${stuck}` : "Nothing to retry.";
  let text = `Retrying ${products(r.requeued)}`;
  if (r.replanning === r.requeued) text += r.requeued === 1 ? ": it's checked again with your current settings and photos before it's sent." : ": they're checked again with your current settings and photos before they're sent.";
  else if (r.replanning) text += `; ${r.replanning} of them ${r.replanning === 1 ? "is" : "are"} checked again with your current settings and photos first.`;
  else text += ".";
  return stuck ? `${text} ${stuck}` : text;
}
