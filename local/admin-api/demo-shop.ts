/**
 * The `demo` seed as data: a ~50-product apparel shop in 7 collections, with the deliberate bad cases
 * (no image, too small, lifestyle photo, cut off, 5000×5000, colour variants, a try-on fault marker)
 * the app must handle. Declarative on purpose: adding a case is adding a line; seed.ts builds it.
 *
 * The demo's ids are fixed (products 1001–1048, collections 501–506, media from 3001, variants of the
 * colour-variant products from 6001, their options from 7001) so tests, the demo and the docs can name them.
 */
import { CATEGORIES } from "./categories";
import type { GarmentImageSpec } from "./images";
import { DEFAULT_SHOP, type CategoryRecord } from "./records";
import { flat, type SeedProduct, type SeedSpec } from "./seed-spec";

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

export function demoSpec(): SeedSpec {
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
