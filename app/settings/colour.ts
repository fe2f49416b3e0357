/**
 * "One try-on per colour" (issue 15.1): a product whose colour option has its own image per colour gets
 * one try-on per colour, from that colour's image, instead of one for the product. Set per collection
 * and per product (the product wins); on unless a level turns it off. Plain data shared by the forms,
 * the pages and the planner.
 */
import * as z from "zod";

/** What a product gets when neither it nor its collection says otherwise. */
export const DEFAULT_ONE_PER_COLOUR = true;

/** The merchant's words for the setting (collection and product pages). */
export const ONE_PER_COLOUR_LABEL = "One try-on per colour";

export type OnePerColourSource = "default" | "collection" | "product";

export interface OnePerColour {
  value: boolean;
  source: OnePerColourSource;
}

/** The product's own choice wins, then its collection's (the one whose defaults apply), then on. */
export function resolveOnePerColour(levels: { collection?: boolean | null; product?: boolean | null }): OnePerColour {
  if (typeof levels.product === "boolean") return { value: levels.product, source: "product" };
  if (typeof levels.collection === "boolean") return { value: levels.collection, source: "collection" };
  return { value: DEFAULT_ONE_PER_COLOUR, source: "default" };
}

/** The form field: "" = inherit, "on", "off" (a select, so a missing checkbox never means "off"). */
export const onePerColourField = z
  .union([z.literal(""), z.literal("on"), z.literal("off")], { error: "must be “Inherit”, “On” or “Off”" })
  .transform((v) => (v === "" ? null : v === "on"));

/** The stored value as the form shows it. */
export function onePerColourFormValue(stored: boolean | null | undefined): "" | "on" | "off" {
  return stored === true ? "on" : stored === false ? "off" : "";
}
