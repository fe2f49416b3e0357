/**
 * The seed format: what a seed spec (a JSON file given to --seed, or an object in tests) may say —
 * products with images, options and variants, collections, generated large collections. Types only,
 * plus the flat-lay shorthand seeds are written with; building a store from them is seed.ts.
 */
import type { GarmentImageSpec } from "./images";
import type { CategoryRecord, OptionRecord, ProductRecord, ShopRecord } from "./records";
import type { StoreSnapshot } from "./snapshot";

/** `filename` names the file in its CDN URL (default `{kind}-{colour}.jpg`), e.g. to carry a try-on fault marker. */
export type SeedImage = (GarmentImageSpec & { alt?: string; filename?: string }) | { path: string; alt?: string };

export interface SeedProduct {
  id?: number;
  title: string;
  productType?: string;
  vendor?: string;
  tags?: string[];
  status?: ProductRecord["status"];
  category?: CategoryRecord | null;
  descriptionHtml?: string;
  images?: SeedImage[];
  /** Options (Color, Size, …); ids default to the next free ones. */
  options?: Array<Omit<OptionRecord, "id"> & { id?: number }>;
  /** Variants: one value per option, in option order; `image` is an index into `images` (the variant's medium). */
  variants?: Array<{ id?: number; values: string[]; image?: number; price?: string; sku?: string }>;
}

export interface SeedCollection {
  id?: number;
  title: string;
  /** Members by product id … */
  productIds?: number[];
  /** … or by product title. */
  productTitles?: string[];
}

/** A large manual collection of cheap products (a few shared images), for tests and benchmarks. */
export interface GenerateSpec {
  collectionSize: number;
  /** Default: the next free id. */
  collectionId?: number;
  /** Default "Generated Collection ({size})". */
  title?: string;
  /** Media per product (all sharing a few images); default 1. */
  mediaPerProduct?: number;
}

export interface SeedSpec {
  /** Start from the demo shop or an empty one (default "empty"). */
  base?: "demo" | "empty";
  shop?: Partial<ShopRecord>;
  products?: SeedProduct[];
  collections?: SeedCollection[];
  generate?: GenerateSpec | GenerateSpec[];
}

/** "demo", "empty", a path to a JSON file (seed spec or store snapshot), a spec or a snapshot. */
export type SeedOption = "demo" | "empty" | string | SeedSpec | StoreSnapshot;

/** A drawn flat-lay photo of a garment, the image most seed products have. */
export const flat = (kind: GarmentImageSpec["kind"], colour: string, extra: Partial<GarmentImageSpec> & { filename?: string } = {}): SeedImage => ({ kind, colour, ...extra });
