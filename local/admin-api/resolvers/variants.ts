/** productVariantAppendMedia / productVariantDetachMedia. */
import { mediaStatus } from "../files";
import { parseGid, type VariantRecord } from "../store";
import type { ResolverEnv, View } from "./context";
import { productView, variantView } from "./views";

interface VariantMediaInput {
  variantId: string;
  mediaIds: string[];
}

/** Shopify allows this many variant–media pairs per call. */
const MAX_VARIANT_MEDIA_PAIRS = 100;

/**
 * productVariantAppendMedia / productVariantDetachMedia with Shopify's rules: media must be the
 * product's and READY; a variant shows at most one medium (one id per pair; appending to a variant
 * that already has one is refused — detach it first); each variant once per call.
 */
function variantMedia_(env: ResolverEnv, productId: string, pairs: VariantMediaInput[], mode: "append" | "detach"): View {
  const store = env.store;
  const parsedProduct = parseGid(productId);
  const product = parsedProduct?.kind === "Product" ? store.products.get(parsedProduct.id) : undefined;
  if (!product) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist.", code: "PRODUCT_DOES_NOT_EXIST" }] };
  if (pairs.length > MAX_VARIANT_MEDIA_PAIRS) {
    return { product: null, productVariants: null, userErrors: [{ field: ["variantMedia"], message: `Exceeded the maximum number of ${MAX_VARIANT_MEDIA_PAIRS} variant-media pairs per mutation call.`, code: "MAXIMUM_VARIANT_MEDIA_PAIRS_EXCEEDED" }] };
  }
  const userErrors: Array<{ field: string[]; message: string; code: string }> = [];
  const seen = new Set<number>();
  const plan: Array<{ variant: VariantRecord; mediaId: number }> = [];
  pairs.forEach((pair, i) => {
    const field = (name: string) => ["variantMedia", String(i), name];
    const parsedVariant = parseGid(pair.variantId);
    const found = parsedVariant?.kind === "ProductVariant" ? store.variant(parsedVariant.id) : null;
    if (!found || found.product.id !== product.id) {
      userErrors.push({ field: field("variantId"), message: "Variant does not exist on the given product.", code: "PRODUCT_VARIANT_DOES_NOT_EXIST_ON_PRODUCT" });
      return;
    }
    if (seen.has(found.variant.id)) {
      userErrors.push({ field: field("variantId"), message: "Variant specified in more than one pair.", code: "PRODUCT_VARIANT_SPECIFIED_MULTIPLE_TIMES" });
      return;
    }
    seen.add(found.variant.id);
    if (pair.mediaIds.length === 0) {
      userErrors.push({ field: field("mediaIds"), message: "The input value is blank.", code: "BLANK" });
      return;
    }
    if (pair.mediaIds.length > 1) {
      userErrors.push({ field: field("mediaIds"), message: "Only one mediaId is allowed per variant-media input pair.", code: "TOO_MANY_MEDIA_PER_INPUT_PAIR" });
      return;
    }
    const parsedMedia = parseGid(pair.mediaIds[0]);
    const media = parsedMedia?.kind === "MediaImage" ? store.media.get(parsedMedia.id) : undefined;
    if (!media) {
      userErrors.push({ field: field("mediaIds"), message: "Media does not exist.", code: "MEDIA_DOES_NOT_EXIST" });
      return;
    }
    if (mode === "detach") {
      if (found.variant.mediaId !== media.id) userErrors.push({ field: field("mediaIds"), message: "The specified media is not attached to the specified variant.", code: "MEDIA_IS_NOT_ATTACHED_TO_VARIANT" });
      else plan.push({ variant: found.variant, mediaId: media.id });
      return;
    }
    if (!product.mediaIds.includes(media.id)) {
      userErrors.push({ field: field("mediaIds"), message: "Media does not exist on the given product.", code: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT" });
    } else if (mediaStatus(media) !== "READY") {
      userErrors.push({ field: field("mediaIds"), message: "Non-ready media are not supported.", code: "NON_READY_MEDIA" });
    } else if (found.variant.mediaId !== null) {
      userErrors.push({ field: field("variantId"), message: "Product variant already has attached media.", code: "PRODUCT_VARIANT_ALREADY_HAS_MEDIA" });
    } else {
      plan.push({ variant: found.variant, mediaId: media.id });
    }
  });
  if (userErrors.length) return { product: null, productVariants: null, userErrors };
  for (const { variant, mediaId } of plan) {
    if (!product.variants?.length) {
      // The default variant becomes a stored one once it has media of its own.
      product.variants = [variant];
      product.options = [];
      store.indexVariants(product);
    }
    variant.mediaId = mode === "append" ? mediaId : null;
  }
  product.updatedAt = new Date().toISOString();
  store.touch();
  env.webhooks.product("products/update", product.id);
  return { product: productView(env, product), productVariants: plan.map(({ variant }) => variantView(env, product, variant)), userErrors: [] };
}

export function variantMutations(env: ResolverEnv): View {
  return {
    productVariantAppendMedia: ({ productId, variantMedia }: { productId: string; variantMedia: VariantMediaInput[] }) => variantMedia_(env, productId, variantMedia, "append"),
    productVariantDetachMedia: ({ productId, variantMedia }: { productId: string; variantMedia: VariantMediaInput[] }) => variantMedia_(env, productId, variantMedia, "detach"),
  };
}
