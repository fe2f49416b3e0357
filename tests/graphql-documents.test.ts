/**
 * Every GraphQL document in app/ is valid against Shopify's real Admin schema (2026-07), so a wrong
 * field, argument, enum value or type fails here, in CI, without a store. Later operations are checked
 * for free: anything tagged `#graphql` (or a .graphql file) under app/ is picked up.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { GraphQLSchema } from "graphql";
import { loadAdminSchema, REPO_ROOT } from "../scripts/schema/admin-schema";
import { documentsInSource, findGraphQLDocuments, validateDocuments, type DocumentReport } from "../scripts/schema/graphql-documents";

const documents = findGraphQLDocuments(REPO_ROOT);

let schema: GraphQLSchema;
let reports: DocumentReport[];
beforeAll(async () => {
  schema = await loadAdminSchema();
  reports = validateDocuments(schema, documents, { rejectDeprecated: true });
}, 120_000);

describe("GraphQL documents in app/", () => {
  it("GIVEN the app's sources WHEN searched THEN the catalog's operations are among the documents found", () => {
    const text = documents.map((d) => d.source).join("\n");
    for (const name of ["CatalogShopInfo", "CatalogProducts", "CatalogCollectionProductsBulk", "CatalogProductAttachMedia", "CatalogFileDelete"]) {
      expect(text).toContain(name);
    }
  });

  it.each(documents.map((d, i) => [`${d.file}:${d.line}`, i] as const))(
    "GIVEN %s WHEN validated against the Admin schema 2026-07 THEN it has no errors, a unique name and nothing deprecated",
    (_label, index) => {
      expect(reports[index].errors).toEqual([]);
    },
  );
});

describe("the validator itself", () => {
  it("GIVEN a document with a field Shopify does not have WHEN validated THEN it reports that field", () => {
    const docs = documentsInSource("app/example.ts", "const Q = `#graphql\n  query Broken { shop { name planName } }\n`;");
    expect(docs).toHaveLength(1);
    const [report] = validateDocuments(schema, docs);
    expect(report.errors.join("\n")).toMatch(/Cannot query field "planName" on type "Shop"/);
  });

  it("GIVEN a deprecated mutation (productCreateMedia) WHEN validated with rejectDeprecated THEN it is reported", () => {
    const docs = documentsInSource(
      "app/example.ts",
      "const M = `#graphql\n mutation Old($id: ID!, $media: [CreateMediaInput!]!) { productCreateMedia(productId: $id, media: $media) { media { id } } }\n`;",
    );
    const [report] = validateDocuments(schema, docs, { rejectDeprecated: true });
    expect(report.errors.join("\n")).toMatch(/productCreateMedia.*deprecated/);
  });

  it("GIVEN a template without the #graphql marker WHEN searched THEN it is not treated as a document", () => {
    expect(documentsInSource("app/example.ts", "const s = `query NotGraphQL { x }`;")).toEqual([]);
  });

  it("GIVEN a fragment interpolated from another document WHEN validated THEN the fragment is resolved by name", () => {
    const source = [
      "const F = `#graphql\n fragment ShopBits on Shop { name }\n`;",
      "const Q = `#graphql\n query UsesFragment { shop { ...ShopBits } }\n ${F}`;",
    ].join("\n");
    const reports = validateDocuments(schema, documentsInSource("app/example.ts", source));
    expect(reports.flatMap((r) => r.errors)).toEqual([]);
  });
});
