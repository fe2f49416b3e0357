/**
 * Seeds for the local Admin API: the `demo` apparel shop, seed specs (JSON files or objects), store
 * snapshots, and generated large collections for tests and benchmarks.
 *
 * The demo's ids are fixed (products 1001–1048, collections 501–506, media from 3001, variants of the
 * colour-variant products from 6001, their options from 7001) so tests, the demo and the docs can name them.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { renderedMimeType, renderedSize, type GarmentImageSpec } from "./images";
import { DEFAULT_SHOP, handleize, Store, type CategoryRecord, type OptionRecord, type ProductRecord, type ShopRecord, type StoreSnapshot, type VariantRecord } from "./store";

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

export const CATEGORIES = {
  dresses: { id: "gid://shopify/TaxonomyCategory/aa-1-4", name: "Dresses", fullName: "Apparel & Accessories > Clothing > Dresses" },
  jumpsuits: {
    id: "gid://shopify/TaxonomyCategory/aa-1-9-2",
    name: "Jumpsuits & Rompers",
    fullName: "Apparel & Accessories > Clothing > One-Pieces > Jumpsuits & Rompers",
  },
  tshirts: { id: "gid://shopify/TaxonomyCategory/aa-1-13-8", name: "T-Shirts", fullName: "Apparel & Accessories > Clothing > Clothing Tops > T-Shirts" },
  shirts: { id: "gid://shopify/TaxonomyCategory/aa-1-13-7", name: "Shirts", fullName: "Apparel & Accessories > Clothing > Clothing Tops > Shirts" },
  blouses: { id: "gid://shopify/TaxonomyCategory/aa-1-13-1", name: "Blouses", fullName: "Apparel & Accessories > Clothing > Clothing Tops > Blouses" },
  hoodies: { id: "gid://shopify/TaxonomyCategory/aa-1-13-13", name: "Hoodies", fullName: "Apparel & Accessories > Clothing > Clothing Tops > Hoodies" },
  sweatshirts: {
    id: "gid://shopify/TaxonomyCategory/aa-1-13-14",
    name: "Sweatshirts",
    fullName: "Apparel & Accessories > Clothing > Clothing Tops > Sweatshirts",
  },
  sweaters: { id: "gid://shopify/TaxonomyCategory/aa-1-13-12", name: "Sweaters", fullName: "Apparel & Accessories > Clothing > Clothing Tops > Sweaters" },
  tanks: { id: "gid://shopify/TaxonomyCategory/aa-1-13-10", name: "Tank Tops", fullName: "Apparel & Accessories > Clothing > Clothing Tops > Tank Tops" },
  polos: { id: "gid://shopify/TaxonomyCategory/aa-1-13-6", name: "Polos", fullName: "Apparel & Accessories > Clothing > Clothing Tops > Polos" },
  coats: {
    id: "gid://shopify/TaxonomyCategory/aa-1-10-2",
    name: "Coats & Jackets",
    fullName: "Apparel & Accessories > Clothing > Outerwear > Coats & Jackets",
  },
  vests: { id: "gid://shopify/TaxonomyCategory/aa-1-10-6", name: "Vests", fullName: "Apparel & Accessories > Clothing > Outerwear > Vests" },
  skirts: { id: "gid://shopify/TaxonomyCategory/aa-1-15", name: "Skirts", fullName: "Apparel & Accessories > Clothing > Skirts" },
} satisfies Record<string, CategoryRecord>;

const flat = (kind: GarmentImageSpec["kind"], colour: string, extra: Partial<GarmentImageSpec> & { filename?: string } = {}): SeedImage => ({ kind, colour, ...extra });

/** Product and collection ids of the demo seed, by role. */
export const DEMO_IDS = {
  collections: { summerDresses: 501, essentialsTops: 502, outerwear: 503, newArrivals: 504, studioOriginals: 505, colourVariants: 506, colourCheckDemo: 590 },
  products: {
    linenMidiDress: 1001,
    floralWrapDress: 1002,
    stripedShirtDress: 1003,
    denimJumpsuit: 1008,
    /** First image a lifestyle photo, second a good flat lay. */
    layeredLookDress: 1010,
    /** First image a try-on result Fitting Room attached ("AI try-on" alt), second a good flat lay. */
    poplinSundress: 1011,
    /** No image at all, and nothing that names a garment. */
    mysteryGarment: 1012,
    classicTeeNavy: 1013,
    oxfordShirt: 1016,
    relaxedHoodie: 1018,
    silkBlouse: 1021,
    /** Only image is 400×400 px (too small). */
    miniLogoTee: 1024,
    /** Only image is a lifestyle photo with a busy background. */
    weekendLifestyleShirt: 1025,
    /** Garment cut off by the frame. */
    croppedPrintTee: 1026,
    /** No category or type; the tag "shirt" names it. */
    linenCampShirt: 1027,
    /** No category, type or garment tag; the title names it ("Top"). */
    everydayTop: 1028,
    longWoolCoat: 1029,
    trenchCoat: 1030,
    denimJacket: 1031,
    hoodedSweatshirtDress: 1036,
    /** Bottoms: no try-on type. */
    pleatedSkirt: 1037,
    /** Two good flat lays. */
    twoToneShirt: 1038,
    /** Only image is 3200×3200 px (too large). */
    oversizedTee: 1040,
    /** Only image is 5000×5000 px (Shopify's maximum), a flat lay. */
    studioTee5000: 1041,
    /** Only image is 4000×5000 px, a flat lay. */
    maxiShirtDress4000x5000: 1042,
    /** Three images: a lifestyle photo, a cut-off close-up, then the flat lay (third). */
    resortLinenDress: 1043,
    /** Colour variants (collection 506): option "Color" Navy / Heather Grey / White, one flat lay per colour. */
    everydayCrewTee: 1044,
    /** Option "Colour" Sand / Sage. */
    linenButtonShirt: 1045,
    /** Options "Farbe" (Schwarz / Rot / Grün / Blau) × "Size" (S / M): 8 variants, 4 images. */
    fleeceHoodie: 1046,
    /** Option "Couleur" Bordeaux / Noir / Ivoire. */
    wrapMidiDress: 1047,
    /** Option "Shade" (not a colour word) linked to the category's colour attribute (shopify.color-pattern): Olive / Rust. */
    knitPolo: 1048,
    /**
     * A good flat lay whose file name carries the local try-on service's `fault-recolor` marker: its
     * results come back in another colour, so the colour-fidelity check flags them (issue 15.3).
     */
    coralLinenTee: 1090,
  },
  firstMediaId: 3001,
  /** Variants of the colour-variant products are numbered from here (options from 7001). */
  firstVariantId: 6001,
} as const;

/** A product with one flat lay per colour and a variant per colour (× the other option's values). */
function colourProduct(
  base: Omit<SeedProduct, "images" | "options" | "variants">,
  kind: GarmentImageSpec["kind"],
  colourOption: { name: string; linked?: boolean },
  colours: Array<[name: string, hex: string]>,
  extraOption?: { name: string; values: string[] },
): SeedProduct {
  const options: NonNullable<SeedProduct["options"]> = [
    {
      name: colourOption.name,
      values: colours.map(([name]) => name),
      ...(colourOption.linked ? { linkedMetafield: { namespace: "shopify", key: "color-pattern" }, swatches: Object.fromEntries(colours) } : {}),
    },
    ...(extraOption ? [extraOption] : []),
  ];
  const variants: NonNullable<SeedProduct["variants"]> = colours.flatMap(([name], image) =>
    (extraOption?.values ?? [null]).map((other) => ({ values: other === null ? [name] : [name, other], image, price: "29.00" })),
  );
  return {
    ...base,
    images: colours.map(([name, hex]) => ({ kind, colour: hex, alt: `${base.title} in ${name}` })),
    options,
    variants,
  };
}

/** The demo shop's catalog (~40 apparel products). Ids are assigned in order from 1001. */
function demoProducts(): SeedProduct[] {
  const dress = (title: string, colour: string, extra: Partial<GarmentImageSpec> = {}, more: Partial<SeedProduct> = {}): SeedProduct => ({
    title,
    productType: "Dresses",
    category: CATEGORIES.dresses,
    tags: ["summer", "dress"],
    images: [flat("dresses", colour, extra)],
    ...more,
  });
  const top = (title: string, productType: string, category: CategoryRecord, colour: string, extra: Partial<GarmentImageSpec> = {}, more: Partial<SeedProduct> = {}): SeedProduct => ({
    title,
    productType,
    category,
    tags: ["essentials"],
    images: [flat("tops", colour, extra)],
    ...more,
  });
  return [
    // 1001–1012: Summer Dresses
    dress("Linen Midi Dress", "#7d9a78", {}, { tags: ["summer", "linen"] }),
    dress("Floral Wrap Dress", "#c0392b", { pattern: "dots" }),
    dress("Striped Shirt Dress", "#1f3a6e", { pattern: "stripes" }),
    dress("Gingham Sundress", "#d35400", { pattern: "checks" }),
    dress("Silk Slip Dress", "#b08d57"),
    dress("Tiered Maxi Dress", "#8e44ad"),
    dress("Polka Dot Tea Dress", "#2c3e50", { pattern: "dots", patternColour: "#f1c40f" }),
    { title: "Denim Jumpsuit", productType: "Jumpsuits", category: CATEGORIES.jumpsuits, tags: ["denim"], images: [flat("dresses", "#3b5b8c")] },
    { title: "Wide-Leg Jumpsuit", productType: "Jumpsuits", category: CATEGORIES.jumpsuits, tags: [], images: [flat("dresses", "#556b2f")] },
    dress("Layered Look Dress", "#a0522d", {}, {
      images: [
        { kind: "dresses", colour: "#a0522d", background: "lifestyle", width: 1000, height: 1000, seed: 11, alt: "Layered Look Dress at a picnic" },
        flat("dresses", "#a0522d", { pattern: "stripes", patternColour: "#f5deb3" }),
      ],
    }),
    dress("Poplin Sundress", "#00838f", {}, {
      images: [
        { kind: "dresses", colour: "#00838f", pattern: "dots", alt: "AI try-on: Poplin Sundress on model Mia" },
        flat("dresses", "#00838f"),
      ],
    }),
    { title: "Mystery Garment", productType: "", category: null, tags: [], images: [] },
    // 1013–1028: Essentials Tops
    top("Classic Crew T-Shirt – Navy", "T-Shirts", CATEGORIES.tshirts, "#1f3a6e"),
    top("Classic Crew T-Shirt – Heather Grey", "T-Shirts", CATEGORIES.tshirts, "#9e9e9e"),
    top("Striped Breton Tee", "T-Shirts", CATEGORIES.tshirts, "#fafafa", { pattern: "stripes", patternColour: "#1f3a6e" }),
    top("Oxford Shirt", "Shirts", CATEGORIES.shirts, "#8fb3de"),
    top("Check Flannel Shirt", "Shirts", CATEGORIES.shirts, "#8b0000", { pattern: "checks", patternColour: "#222222" }),
    top("Relaxed Hoodie", "Hoodies", CATEGORIES.hoodies, "#4a4a4a"),
    top("Crewneck Sweatshirt", "Sweatshirts", CATEGORIES.sweatshirts, "#2e7d32"),
    top("Merino Pullover", "Sweaters", CATEGORIES.sweaters, "#6d4c41", {}, { tags: ["knitwear"] }),
    top("Silk Blouse", "Blouses", CATEGORIES.blouses, "#e91e63", { pattern: "dots" }),
    top("Ribbed Tank Top", "Tank Tops", CATEGORIES.tanks, "#111111"),
    top("Pique Polo Shirt", "Polos", CATEGORIES.polos, "#00695c"),
    top("Mini Logo Tee", "T-Shirts", CATEGORIES.tshirts, "#333333", { width: 400, height: 400 }),
    top("Weekend Lifestyle Shirt", "Shirts", CATEGORIES.shirts, "#1f3a6e", { background: "lifestyle", width: 1000, height: 1000, seed: 5 }),
    top("Cropped Print Tee", "T-Shirts", CATEGORIES.tshirts, "#c62828", { scale: 1.35, pattern: "stripes" }),
    { title: "Linen Camp Shirt", productType: "", category: null, tags: ["shirt", "linen"], images: [flat("tops", "#d7ccc8", { pattern: "stripes", patternColour: "#795548" })] },
    { title: "Everyday Top", productType: "", category: null, tags: ["new"], images: [flat("tops", "#5c6bc0")] },
    // 1029–1035: Outerwear
    { title: "Long Wool Coat", productType: "Coats", category: CATEGORIES.coats, tags: ["winter", "long coat"], images: [flat("longcoat", "#8d6e63")] },
    { title: "Belted Trench Coat", productType: "Trench Coats", category: CATEGORIES.coats, tags: ["trench"], images: [flat("longcoat", "#c8ad7f")] },
    { title: "Denim Jacket", productType: "Jackets", category: CATEGORIES.coats, tags: ["denim"], images: [flat("tops", "#3b5b8c")] },
    { title: "Quilted Vest", productType: "Vests", category: CATEGORIES.vests, tags: [], images: [flat("tops", "#263238", { pattern: "checks", patternColour: "#455a64" })] },
    { title: "Puffer Jacket", productType: "Jackets", category: CATEGORIES.coats, tags: ["winter"], images: [flat("tops", "#ff7043")] },
    { title: "Rain Parka", productType: "Parkas", category: CATEGORIES.coats, tags: ["rain"], images: [flat("tops", "#f9a825")] },
    { title: "Wool Overcoat", productType: "Coats", category: CATEGORIES.coats, tags: ["winter"], images: [flat("longcoat", "#37474f")] },
    // 1036–1040: more cases
    dress("Hooded Sweatshirt Dress", "#607d8b", {}, { productType: "Dresses", tags: ["hoodie", "dress"] }),
    { title: "Pleated Midi Skirt", productType: "Skirts", category: CATEGORIES.skirts, tags: ["summer"], images: [flat("dresses", "#795548", { scale: 0.6 })] },
    {
      title: "Two-Tone Shirt",
      productType: "Shirts",
      category: CATEGORIES.shirts,
      tags: ["essentials"],
      images: [flat("tops", "#0277bd"), flat("tops", "#0277bd", { pattern: "stripes" })],
    },
    top("Knit Cardigan", "Sweaters", CATEGORIES.sweaters, "#a1887f", { pattern: "checks", patternColour: "#d7ccc8" }),
    top("Oversized Tee", "T-Shirts", CATEGORIES.tshirts, "#4caf50", { width: 3200, height: 3200 }),
    // 1041–1043: Studio Originals — photos at Shopify's maximum size, and a flat lay that is not first.
    top("Studio Tee – Full Resolution", "T-Shirts", CATEGORIES.tshirts, "#1565c0", { width: 5000, height: 5000 }, { tags: ["studio"] }),
    dress("Maxi Shirt Dress – Full Resolution", "#6a1b9a", { width: 4000, height: 5000 }, { tags: ["studio", "dress"] }),
    dress("Resort Linen Dress", "#ef6c00", {}, {
      tags: ["studio", "dress"],
      images: [
        { kind: "dresses", colour: "#ef6c00", background: "lifestyle", width: 1200, height: 1500, seed: 23, alt: "Resort Linen Dress on a terrace" },
        { kind: "dresses", colour: "#ef6c00", scale: 1.6, width: 1000, height: 1250, alt: "Resort Linen Dress, fabric close-up" },
        flat("dresses", "#ef6c00", { width: 1600, height: 2000 }),
      ],
    }),
    // 1044–1048: Colour variants — each colour its own flat lay, drawn in that colour.
    colourProduct({ title: "Everyday Crew T-Shirt", productType: "T-Shirts", category: CATEGORIES.tshirts, tags: ["essentials", "colours"] }, "tops", { name: "Color" }, [
      ["Navy", "#1f2f5c"],
      ["Heather Grey", "#9a9a9a"],
      ["White", "#fbfbf8"],
    ]),
    colourProduct({ title: "Linen Button Shirt", productType: "Shirts", category: CATEGORIES.shirts, tags: ["linen", "colours"] }, "tops", { name: "Colour" }, [
      ["Sand", "#cdb891"],
      ["Sage", "#8a9a78"],
    ]),
    colourProduct(
      { title: "Fleece Hoodie", productType: "Hoodies", category: CATEGORIES.hoodies, tags: ["colours"] },
      "tops",
      { name: "Farbe" },
      [
        ["Schwarz", "#1b1b1b"],
        ["Rot", "#b3261e"],
        ["Grün", "#2e6b3a"],
        ["Blau", "#2a5caa"],
      ],
      { name: "Size", values: ["S", "M"] },
    ),
    colourProduct({ title: "Wrap Midi Dress", productType: "Dresses", category: CATEGORIES.dresses, tags: ["dress", "colours"] }, "dresses", { name: "Couleur" }, [
      ["Bordeaux", "#6d1a2b"],
      ["Noir", "#151515"],
      ["Ivoire", "#f3ecd8"],
    ]),
    colourProduct({ title: "Knit Polo", productType: "Polos", category: CATEGORIES.polos, tags: ["knitwear", "colours"] }, "tops", { name: "Shade", linked: true }, [
      ["Olive", "#6b6b2a"],
      ["Rust", "#a0461e"],
    ]),
  ];
}

function demoSpec(): SeedSpec {
  const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return {
    shop: DEFAULT_SHOP,
    products: [
      ...demoProducts().map((p, i) => ({ ...p, id: 1001 + i, vendor: p.vendor ?? "Atelier Nord" })),
      // The colour-fidelity demo (issue 15.3), with a fixed id away from the catalogue's sequence.
      {
        id: DEMO_IDS.products.coralLinenTee,
        title: "Coral Linen Tee",
        productType: "T-Shirts",
        category: CATEGORIES.tshirts,
        vendor: "Atelier Nord",
        tags: ["essentials", "linen"],
        images: [flat("tops", "#e8664f", { filename: "coral-linen-tee-fault-recolor.jpg" })],
      },
    ],
    collections: [
      { id: 501, title: "Summer Dresses", productIds: [...ids(1001, 1012), 1036, 1037] },
      { id: 502, title: "Essentials Tops", productIds: [...ids(1013, 1028), 1038, 1039, 1040] },
      { id: 503, title: "Outerwear", productIds: ids(1029, 1035) },
      { id: 504, title: "New Arrivals", productIds: [1002, 1013, 1029, 1031, 1038] },
      { id: 505, title: "Studio Originals", productIds: ids(1041, 1043) },
      { id: 506, title: "Colour Variants", productIds: ids(1044, 1048) },
      { id: DEMO_IDS.collections.colourCheckDemo, title: "Colour Check Demo", productIds: [DEMO_IDS.products.coralLinenTee] },
    ],
  };
}

/** Puts a seed image into the store: a file's bytes, or a drawn photo's spec (drawn on first download). */
async function putImage(store: Store, image: SeedImage): Promise<{ blob: string; mimeType: string; filename: string; width: number | null; height: number | null }> {
  if ("path" in image) {
    const bytes = await readFile(image.path);
    const meta = await sharp(bytes).metadata();
    const ext = meta.format === "jpeg" ? "jpg" : (meta.format ?? "bin");
    const mimeType = `image/${meta.format ?? "octet-stream"}`;
    return { blob: store.putBlob(bytes, mimeType), mimeType, filename: image.path.split("/").pop() ?? `image.${ext}`, width: meta.width ?? null, height: meta.height ?? null };
  }
  const { alt: _alt, filename, ...spec } = image;
  const png = spec.format === "png";
  return { blob: store.putRenderedBlob(spec), mimeType: renderedMimeType(spec), filename: filename ?? `${spec.kind}-${spec.colour.replace("#", "")}.${png ? "png" : "jpg"}`, ...renderedSize(spec) };
}

/** Adds a seed spec's shop, products and collections to a store. */
export async function applySeedSpec(store: Store, spec: SeedSpec, options: { firstMediaId?: number; firstVariantId?: number; firstOptionId?: number } = {}): Promise<void> {
  if (spec.shop) store.shop = { ...store.shop, ...spec.shop, plan: { ...store.shop.plan, ...spec.shop.plan } };
  let nextMediaId = options.firstMediaId;
  let nextVariantId = options.firstVariantId;
  let nextOptionId = options.firstOptionId;
  // Read every image first (in parallel), then create records in a fixed order so ids are stable.
  const products = spec.products ?? [];
  const images = await Promise.all(products.map((p) => Promise.all((p.images ?? []).map((image) => putImage(store, image)))));
  const byTitle = new Map<string, number>();
  products.forEach((p, i) => {
    const mediaIds: number[] = [];
    (p.images ?? []).forEach((image, j) => {
      const { blob, mimeType, filename, width, height } = images[i][j];
      const media = store.addMedia({ id: nextMediaId, blob, filename, mimeType, alt: image.alt ?? p.title, width, height });
      if (nextMediaId !== undefined) nextMediaId++;
      mediaIds.push(media.id);
    });
    const optionRecords: OptionRecord[] = (p.options ?? []).map((o) => ({ ...o, id: o.id ?? (nextOptionId !== undefined ? nextOptionId++ : store.allocateId()) }));
    const variants: VariantRecord[] = (p.variants ?? []).map((v, k) => {
      if (v.values.length !== optionRecords.length) throw new Error(`Seed product "${p.title}": variant ${k + 1} needs one value per option.`);
      if (v.image !== undefined && mediaIds[v.image] === undefined) throw new Error(`Seed product "${p.title}": variant ${k + 1} names image ${v.image}, which it does not have.`);
      return {
        id: v.id ?? (nextVariantId !== undefined ? nextVariantId++ : store.allocateId()),
        title: v.values.join(" / "),
        selectedOptions: v.values.map((value, j) => ({ name: optionRecords[j].name, value })),
        mediaId: v.image === undefined ? null : mediaIds[v.image],
        price: v.price ?? "0.00",
        sku: v.sku ?? `${handleize(p.title)}-${v.values.map(handleize).join("-")}`.toUpperCase(),
      };
    });
    const product = store.addProduct({
      id: p.id,
      title: p.title,
      options: optionRecords,
      variants,
      productType: p.productType,
      vendor: p.vendor,
      tags: p.tags,
      status: p.status,
      category: p.category ?? null,
      descriptionHtml: p.descriptionHtml ?? `<p>${p.title}.</p>`,
      mediaIds,
    });
    byTitle.set(p.title, product.id);
  });
  for (const c of spec.collections ?? []) {
    const productIds = [...(c.productIds ?? []), ...(c.productTitles ?? []).map((t) => {
      const id = byTitle.get(t);
      if (id === undefined) throw new Error(`Seed collection "${c.title}" lists unknown product title "${t}".`);
      return id;
    })];
    store.addCollection({ id: c.id, title: c.title, productIds });
  }
  for (const g of [spec.generate ?? []].flat()) await generateCollection(store, g);
}

/**
 * A large manual collection: `collectionSize` products (tops and dresses alternating), each with its
 * own media record(s) over four shared images, so thousands of products cost almost nothing.
 */
export async function generateCollection(store: Store, spec: GenerateSpec): Promise<number> {
  const blobs = await Promise.all(
    [flat("tops", "#1f3a6e"), flat("dresses", "#c0392b", { pattern: "dots" }), flat("tops", "#2e7d32", { pattern: "stripes" }), flat("dresses", "#8e44ad")].map((image) => putImage(store, image)),
  );
  const size = spec.collectionSize;
  const productIds: number[] = [];
  for (let i = 0; i < size; i++) {
    const image = blobs[i % blobs.length];
    const isTop = i % 2 === 0;
    const number = String(i + 1).padStart(String(size).length, "0");
    const mediaIds: number[] = [];
    for (let m = 0; m < (spec.mediaPerProduct ?? 1); m++) {
      const media = store.addMedia({ blob: image.blob, filename: image.filename, mimeType: image.mimeType, width: image.width, height: image.height, alt: `Generated ${isTop ? "tee" : "dress"} ${number}` });
      mediaIds.push(media.id);
    }
    const product = store.addProduct({
      title: isTop ? `Generated Tee ${number}` : `Generated Dress ${number}`,
      productType: isTop ? "T-Shirts" : "Dresses",
      category: isTop ? CATEGORIES.tshirts : CATEGORIES.dresses,
      tags: ["generated"],
      mediaIds,
    });
    productIds.push(product.id);
  }
  const collection = store.addCollection({ id: spec.collectionId, title: spec.title ?? `Generated Collection (${size})`, productIds });
  return collection.id;
}

/** Builds a store from a seed option (default: empty shop). */
export async function buildStore(seed: SeedOption | undefined): Promise<Store> {
  if (seed === undefined || seed === "empty") return new Store();
  if (seed === "demo") return buildStore({ base: "demo" });
  if (typeof seed === "string") {
    const parsed = JSON.parse(await readFile(seed, "utf8")) as SeedSpec | StoreSnapshot;
    return buildStore(parsed);
  }
  if (Store.isSnapshot(seed)) return Store.fromSnapshot(seed);
  const store = new Store();
  if (seed.base === "demo") await applySeedSpec(store, demoSpec(), { firstMediaId: DEMO_IDS.firstMediaId, firstVariantId: DEMO_IDS.firstVariantId, firstOptionId: 7001 });
  const { base: _base, ...rest } = seed;
  await applySeedSpec(store, rest);
  return store;
}

/** True when a string seed names an existing file (CLI validation). */
export const seedFileExists = (path: string) => existsSync(path) && readFileSync(path, "utf8").trim().startsWith("{");
