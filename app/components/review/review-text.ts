import { plural } from "../ConfirmModal";

/**
 * The toast after approving or rejecting results, on Review and on the Run page: "Approved 1 image;
 * adding it to the product", "Approved 5 images; adding them to 2 products".
 * @param products distinct products the approved images belong to (0 when unknown).
 */
export function reviewDecisionMessage(intent: "approve" | "reject", images: number, products: number): string {
  if (images === 0) return "Nothing changed: those images were already approved or rejected.";
  if (intent === "reject") return `Rejected ${plural(images, "image")}`;
  const where = products > 1 ? `${products} products` : "the product";
  return `Approved ${plural(images, "image")}; adding ${images === 1 ? "it" : "them"} to ${where}`;
}
