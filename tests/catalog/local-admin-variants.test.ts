/**
 * Colour variants in the local Admin API (issue 15.1): the demo seed's "Colour Variants" collection
 * has products whose colour option (named Color, Colour, Farbe, Couleur — or linked to the category's
 * colour attribute, shopify.color-pattern) has one flat lay per colour, drawn in that colour; and
 * productVariantAppendMedia / productVariantDetachMedia follow Shopify's rules (one medium per
 * variant, READY media of the same product only).
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../local/admin-api/seed";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { collectionGid, productGid, startAdmin } from "./helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

let api: LocalAdminApi;
beforeAll(async () => {
  api = await startAdmin({ seed: "demo" });
});
afterAll(() => api?.close());

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<Loose> {
  const response = await fetch(api.graphqlUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": api.accessToken },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Loose; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const PRODUCT = `query($id: ID!) {
  product(id: $id) {
    id title hasOnlyDefaultVariant
    category { id name attributes(first: 10) { nodes { ... on TaxonomyChoiceListAttribute { id name } } } }
    options { name values linkedMetafield { namespace key } optionValues { name swatch { color } } }
    media(first: 20) { nodes { id alt ... on MediaImage { image { url(transform: { maxWidth: 64, maxHeight: 64 }) } } } }
    variants(first: 20) { nodes { id title selectedOptions { name value } media(first: 5) { nodes { id } } image { url } } }
  }
}`;

const APPEND = `mutation($productId: ID!, $variantMedia: [ProductVariantAppendMediaInput!]!) {
  productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) {
    productVariants { id media(first: 5) { nodes { id } } }
    userErrors { field message code }
  }
}`;
const DETACH = `mutation($productId: ID!, $variantMedia: [ProductVariantDetachMediaInput!]!) {
  productVariantDetachMedia(productId: $productId, variantMedia: $variantMedia) {
    productVariants { id media(first: 5) { nodes { id } } }
    userErrors { field message code }
  }
}`;

const product = async (id: number) => (await gql(PRODUCT, { id: productGid(id) })).product;

/** Mean colour of the centre of an image (where the garment is). */
async function centreColour(url: string): Promise<[number, number, number]> {
  const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
  const { data } = await sharp(bytes).extract({ left: 24, top: 28, width: 8, height: 8 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 3) for (let c = 0; c < 3; c++) sum[c] += data[i + c];
  return sum.map((v) => v / (data.length / 3)) as [number, number, number];
}
const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

/** A READY file attached to the product (what a try-on result becomes). */
async function readyFileOn(productId: number, alt: string): Promise<string> {
  const source = (await product(1001)).media.nodes[0].image.url.replace(/&width=.*$/, "");
  const created = await gql(`mutation($f: [FileCreateInput!]!) { fileCreate(files: $f) { files { id } userErrors { code } } }`, { f: [{ originalSource: source, alt }] });
  const id = created.fileCreate.files[0].id as string;
  for (let i = 0; i < 200; i++) {
    const node = (await gql(`query($id: ID!) { node(id: $id) { ... on MediaImage { fileStatus } } }`, { id })).node;
    if (node.fileStatus === "READY") break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const attached = await gql(`mutation($f: [FileUpdateInput!]!) { fileUpdate(files: $f) { userErrors { code } } }`, { f: [{ id, referencesToAdd: [productGid(productId)] }] });
  expect(attached.fileUpdate.userErrors).toEqual([]);
  return id;
}

describe("the demo seed's colour variants", () => {
  it("GIVEN the Colour Variants collection WHEN listed THEN it holds five products with 2–4 colours each, every colour with its own image", async () => {
    const data = await gql(`query($id: ID!) { collection(id: $id) { title products(first: 10) { nodes { id } } } }`, { id: collectionGid(DEMO_IDS.collections.colourVariants) });
    expect(data.collection.title).toBe("Colour Variants");
    expect(data.collection.products.nodes.map((n: { id: string }) => n.id)).toEqual([1044, 1045, 1046, 1047, 1048].map(productGid));
    const colourNames = /^(colou?r|farbe|couleur)$/i;
    for (const id of [1044, 1045, 1046, 1047, 1048]) {
      const p = await product(id);
      const colour = p.options.find((o: Loose) => colourNames.test(o.name) || o.linkedMetafield?.key === "color-pattern");
      expect(colour, p.title).toBeTruthy();
      expect(colour.values.length).toBeGreaterThanOrEqual(2);
      expect(colour.values.length).toBeLessThanOrEqual(4);
      expect(p.hasOnlyDefaultVariant).toBe(false);
      // Each colour's variants show one image, and different colours show different images.
      const imageByColour = new Map<string, Set<string>>();
      for (const v of p.variants.nodes) {
        const value = v.selectedOptions.find((o: Loose) => o.name === colour.name).value;
        expect(v.media.nodes).toHaveLength(1);
        imageByColour.set(value, (imageByColour.get(value) ?? new Set()).add(v.media.nodes[0].id));
      }
      expect([...imageByColour.keys()].sort()).toEqual([...colour.values].sort());
      for (const ids of imageByColour.values()) expect(ids.size).toBe(1);
      expect(new Set([...imageByColour.values()].map((ids) => [...ids][0])).size).toBe(colour.values.length);
    }
  });

  it("GIVEN the T-shirt in Navy, Heather Grey and White WHEN each colour's image is decoded THEN the garment is drawn in that colour", async () => {
    const p = await product(DEMO_IDS.products.everydayCrewTee);
    const expected: Record<string, string> = { Navy: "#1f2f5c", "Heather Grey": "#9a9a9a", White: "#fbfbf8" };
    for (const v of p.variants.nodes) {
      const medium = p.media.nodes.find((m: Loose) => m.id === v.media.nodes[0].id);
      const rgb = await centreColour(medium.image.url);
      const want = hex(expected[v.selectedOptions[0].value]);
      rgb.forEach((c, i) => expect(Math.abs(c - want[i]), `${v.title} channel ${i}`).toBeLessThan(24));
      expect(medium.alt).toContain(v.selectedOptions[0].value);
    }
  });

  it("GIVEN the polo whose option is called Shade WHEN read THEN the option is linked to shopify.color-pattern with swatches, and its category has Shopify's Color attribute", async () => {
    const p = await product(DEMO_IDS.products.knitPolo);
    expect(p.options[0]).toMatchObject({ name: "Shade", values: ["Olive", "Rust"], linkedMetafield: { namespace: "shopify", key: "color-pattern" } });
    expect(p.options[0].optionValues.map((v: Loose) => v.swatch?.color)).toEqual(["#6b6b2a", "#a0461e"]);
    expect(p.category.attributes.nodes.map((a: Loose) => a.name)).toContain("Color");
  });

  it("GIVEN the hoodie with Farbe × Size WHEN read THEN it has 8 variants over 4 images, both sizes of a colour sharing its image", async () => {
    const p = await product(DEMO_IDS.products.fleeceHoodie);
    expect(p.options.map((o: Loose) => o.name)).toEqual(["Farbe", "Size"]);
    expect(p.variants.nodes).toHaveLength(8);
    expect(p.media.nodes).toHaveLength(4);
    const [s, m] = p.variants.nodes.filter((v: Loose) => v.selectedOptions[0].value === "Rot");
    expect(s.media.nodes[0].id).toBe(m.media.nodes[0].id);
  });

  it("GIVEN a product without options WHEN read THEN it has Shopify's single default variant and the existing demo ids are unchanged", async () => {
    const p = await product(DEMO_IDS.products.linenMidiDress);
    expect(p.hasOnlyDefaultVariant).toBe(true);
    expect(p.options).toEqual([{ name: "Title", values: ["Default Title"], linkedMetafield: null, optionValues: [{ name: "Default Title", swatch: null }] }]);
    expect(p.variants.nodes).toMatchObject([{ title: "Default Title", selectedOptions: [{ name: "Title", value: "Default Title" }], media: { nodes: [] } }]);
    expect(p.media.nodes[0].id).toBe(`gid://shopify/MediaImage/${DEMO_IDS.firstMediaId}`);
    const studio = await gql(`{ collection(id: "${collectionGid(505)}") { products(first: 5) { nodes { id } } } }`);
    expect(studio.collection.products.nodes.map((n: Loose) => n.id)).toEqual([1041, 1042, 1043].map(productGid));
  });
});

describe("productVariantAppendMedia / productVariantDetachMedia follow Shopify's rules", () => {
  it("GIVEN a variant showing its flat lay WHEN another medium is appended THEN PRODUCT_VARIANT_ALREADY_HAS_MEDIA; after detaching, the try-on is appended and shown", async () => {
    const id = DEMO_IDS.products.linenButtonShirt;
    const before = await product(id);
    const sage = before.variants.nodes.find((v: Loose) => v.title === "Sage");
    const flatLay = sage.media.nodes[0].id;
    const tryOn = await readyFileOn(id, "AI try-on: Linen Button Shirt in Sage");

    const refused = await gql(APPEND, { productId: productGid(id), variantMedia: [{ variantId: sage.id, mediaIds: [tryOn] }] });
    expect(refused.productVariantAppendMedia).toMatchObject({ productVariants: null, userErrors: [{ code: "PRODUCT_VARIANT_ALREADY_HAS_MEDIA" }] });

    const detached = await gql(DETACH, { productId: productGid(id), variantMedia: [{ variantId: sage.id, mediaIds: [flatLay] }] });
    expect(detached.productVariantDetachMedia).toEqual({ productVariants: [{ id: sage.id, media: { nodes: [] } }], userErrors: [] });
    const appended = await gql(APPEND, { productId: productGid(id), variantMedia: [{ variantId: sage.id, mediaIds: [tryOn] }] });
    expect(appended.productVariantAppendMedia).toEqual({ productVariants: [{ id: sage.id, media: { nodes: [{ id: tryOn }] } }], userErrors: [] });
    const after = await product(id);
    expect(after.variants.nodes.find((v: Loose) => v.id === sage.id).image.url).toContain("/cdn/files/");
    // The flat lay stays in the product's media; only the variant's image changed.
    expect(after.media.nodes.map((m: Loose) => m.id)).toEqual(expect.arrayContaining([flatLay, tryOn]));
  });

  it("GIVEN bad pairs WHEN appended THEN Shopify's MediaUserError codes come back and nothing changes", async () => {
    const id = DEMO_IDS.products.wrapMidiDress;
    const p = await product(id);
    const [bordeaux, noir, ivoire] = p.variants.nodes;
    const otherProductsMedia = `gid://shopify/MediaImage/${DEMO_IDS.firstMediaId}`;
    const hoodieVariant = (await product(DEMO_IDS.products.fleeceHoodie)).variants.nodes[0].id;
    await gql(DETACH, { productId: productGid(id), variantMedia: [{ variantId: noir.id, mediaIds: [noir.media.nodes[0].id] }, { variantId: ivoire.id, mediaIds: [ivoire.media.nodes[0].id] }] });
    const result = await gql(APPEND, {
      productId: productGid(id),
      variantMedia: [
        { variantId: noir.id, mediaIds: [p.media.nodes[0].id, p.media.nodes[1].id] },
        { variantId: ivoire.id, mediaIds: [otherProductsMedia] },
        { variantId: hoodieVariant, mediaIds: [p.media.nodes[0].id] },
        { variantId: bordeaux.id, mediaIds: [p.media.nodes[1].id] },
        { variantId: bordeaux.id, mediaIds: [p.media.nodes[1].id] },
      ],
    });
    expect(result.productVariantAppendMedia.productVariants).toBeNull();
    expect(result.productVariantAppendMedia.userErrors.map((e: Loose) => e.code)).toEqual([
      "TOO_MANY_MEDIA_PER_INPUT_PAIR",
      "MEDIA_DOES_NOT_EXIST_ON_PRODUCT",
      "PRODUCT_VARIANT_DOES_NOT_EXIST_ON_PRODUCT",
      "PRODUCT_VARIANT_ALREADY_HAS_MEDIA",
      "PRODUCT_VARIANT_SPECIFIED_MULTIPLE_TIMES",
    ]);
    const wrongDetach = await gql(DETACH, { productId: productGid(id), variantMedia: [{ variantId: bordeaux.id, mediaIds: [p.media.nodes[2].id] }] });
    expect(wrongDetach.productVariantDetachMedia.userErrors).toMatchObject([{ code: "MEDIA_IS_NOT_ATTACHED_TO_VARIANT" }]);
    expect((await product(id)).variants.nodes.map((v: Loose) => v.media.nodes.length)).toEqual([1, 0, 0]);
  });

  it("GIVEN a medium on the product that is not READY (uploaded, being fetched or failed) WHEN appended to a variant THEN NON_READY_MEDIA", async () => {
    const id = DEMO_IDS.products.knitPolo;
    const p = await product(id);
    const olive = p.variants.nodes[0];
    await gql(DETACH, { productId: productGid(id), variantMedia: [{ variantId: olive.id, mediaIds: [olive.media.nodes[0].id] }] });
    // productUpdate media is created UPLOADED; its source (a URL that never answers quickly) is fetched later.
    const added = await gql(`mutation($p: ProductUpdateInput!, $m: [CreateMediaInput!]!) { productUpdate(product: $p, media: $m) { product { media(last: 1) { nodes { id status } } } userErrors { message } } }`, {
      p: { id: productGid(id) },
      m: [{ originalSource: `${api.url}/staged-uploads/tmp/never-uploaded/x.jpg`, mediaContentType: "IMAGE", alt: "pending" }],
    });
    const pending = added.productUpdate.product.media.nodes[0];
    expect(pending.status).toBe("UPLOADED");
    const result = await gql(APPEND, { productId: productGid(id), variantMedia: [{ variantId: olive.id, mediaIds: [pending.id] }] });
    expect(result.productVariantAppendMedia.userErrors).toMatchObject([{ code: "NON_READY_MEDIA" }]);
  });

  it("GIVEN a try-on shown on a variant WHEN the file is detached from the product or deleted THEN the variant no longer shows it", async () => {
    const id = DEMO_IDS.products.everydayCrewTee;
    const p = await product(id);
    const [navy, grey] = p.variants.nodes;
    const first = await readyFileOn(id, "AI try-on: navy");
    const second = await readyFileOn(id, "AI try-on: grey");
    await gql(DETACH, { productId: productGid(id), variantMedia: [{ variantId: navy.id, mediaIds: [navy.media.nodes[0].id] }, { variantId: grey.id, mediaIds: [grey.media.nodes[0].id] }] });
    const appended = await gql(APPEND, { productId: productGid(id), variantMedia: [{ variantId: navy.id, mediaIds: [first] }, { variantId: grey.id, mediaIds: [second] }] });
    expect(appended.productVariantAppendMedia.userErrors).toEqual([]);

    await gql(`mutation($f: [FileUpdateInput!]!) { fileUpdate(files: $f) { userErrors { code } } }`, { f: [{ id: first, referencesToRemove: [productGid(id)] }] });
    await gql(`mutation($ids: [ID!]!) { fileDelete(fileIds: $ids) { deletedFileIds } }`, { ids: [second] });
    const after = await product(id);
    const byId = new Map(after.variants.nodes.map((v: Loose) => [v.id, v.media.nodes]));
    expect(byId.get(navy.id)).toEqual([]);
    expect(byId.get(grey.id)).toEqual([]);
  });

  it("GIVEN a product with only the default variant WHEN a READY medium is appended to it THEN the default variant shows it", async () => {
    const id = DEMO_IDS.products.floralWrapDress;
    const p = await product(id);
    const result = await gql(APPEND, { productId: productGid(id), variantMedia: [{ variantId: p.variants.nodes[0].id, mediaIds: [p.media.nodes[0].id] }] });
    expect(result.productVariantAppendMedia).toEqual({ productVariants: [{ id: p.variants.nodes[0].id, media: { nodes: [{ id: p.media.nodes[0].id }] } }], userErrors: [] });
    const after = await product(id);
    expect(after.hasOnlyDefaultVariant).toBe(true);
    expect(after.variants.nodes[0].media.nodes).toEqual([{ id: p.media.nodes[0].id }]);
  });
});
