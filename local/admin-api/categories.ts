/**
 * The Shopify taxonomy categories the stand-in knows: the seeds file products under them, and
 * productCreate/productUpdate accept their ids. Shopify's taxonomy has thousands; apparel is enough.
 */
import type { CategoryRecord } from "./records";

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
