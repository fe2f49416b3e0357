/**
 * Files in the local Admin API behave as Shopify's do where the app depends on them (issue 13):
 * `fileCreate` answers UPLOADED and fetches the source afterwards (PROCESSING while it downloads),
 * then READY with its image, or FAILED with a file error saying why; `fileUpdate` attaches and
 * detaches READY files to products (refusing files that are not READY, as Shopify does);
 * `fileDelete` removes a file everywhere.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderGarmentImage } from "../../local/admin-api/images";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { productGid, startAdmin } from "./helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

let api: LocalAdminApi;
let source: Server;
let sourceUrl: string;
let png: Buffer;
/** Requests to /held/* wait here until the test releases them. */
const held = new Map<string, ServerResponse>();
const heldArrived = new Map<string, () => void>();

beforeAll(async () => {
  png = await renderGarmentImage({ kind: "tops", colour: "#1f3a6e", width: 600, height: 750, format: "png" });
  source = createServer((req, res) => {
    const path = req.url ?? "/";
    if (path.startsWith("/held/")) {
      held.set(path, res);
      heldArrived.get(path)?.();
      return;
    }
    if (path.startsWith("/image/")) {
      res.writeHead(200, { "Content-Type": "image/png", "Content-Length": png.length });
      return res.end(png);
    }
    if (path.startsWith("/page/")) {
      res.writeHead(200, { "Content-Type": "text/html" });
      return res.end("<html><body>Not an image</body></html>");
    }
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("Not Found");
  });
  await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
  sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  api = await startAdmin({ seed: "demo" });
});

afterAll(async () => {
  for (const res of held.values()) res.destroy();
  await api?.close();
  await new Promise<void>((resolve) => source?.close(() => resolve()));
});

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

const FILE_CREATE = `mutation($files: [FileCreateInput!]!) {
  fileCreate(files: $files) {
    files { id alt fileStatus ... on MediaImage { image { url } } }
    userErrors { field message code }
  }
}`;
const FILE_NODE = `query($id: ID!) {
  node(id: $id) {
    ... on MediaImage { id alt fileStatus fileErrors { code message details } image { url width height } originalSource { url } }
  }
}`;
const FILE_UPDATE = `mutation($files: [FileUpdateInput!]!) {
  fileUpdate(files: $files) { files { id alt } userErrors { field message code } }
}`;
const PRODUCT_MEDIA = `query($id: ID!) { product(id: $id) { media(first: 50) { nodes { id } } } }`;

async function createFile(input: Record<string, unknown>) {
  const data = await gql(FILE_CREATE, { files: [input] });
  expect(data.fileCreate.userErrors).toEqual([]);
  return data.fileCreate.files[0] as { id: string; alt: string | null; fileStatus: string; image: unknown };
}

/** Polls (bounded) until the file leaves UPLOADED/PROCESSING, as the app does. */
async function settled(id: string) {
  for (let i = 0; i < 200; i++) {
    const node = (await gql(FILE_NODE, { id })).node;
    if (node.fileStatus === "READY" || node.fileStatus === "FAILED") return node;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`file ${id} never settled`);
}

const productMediaIds = async (productId: number) => ((await gql(PRODUCT_MEDIA, { id: productGid(productId) })).product.media.nodes as Array<{ id: string }>).map((n) => n.id);
const metrics = async () => (await (await fetch(`${api.url}/__local/metrics`)).json()) as Loose;

describe("fileCreate is asynchronous, as on Shopify", () => {
  it("GIVEN an external image URL WHEN fileCreate runs THEN it answers UPLOADED, is PROCESSING while the source downloads, then READY with its image, alt and filename", async () => {
    const arrived = new Promise<void>((resolve) => heldArrived.set("/held/navy-tee.png", resolve));
    const file = await createFile({ originalSource: `${sourceUrl}/held/navy-tee.png`, alt: "Navy tee, AI try-on", contentType: "IMAGE" });
    expect(file).toMatchObject({ alt: "Navy tee, AI try-on", fileStatus: "UPLOADED", image: null });

    await arrived;
    const during = (await gql(FILE_NODE, { id: file.id })).node;
    expect(during).toMatchObject({ fileStatus: "PROCESSING", image: null });
    expect((await metrics()).filesByStatus.PROCESSING).toBeGreaterThanOrEqual(1);

    const res = held.get("/held/navy-tee.png")!;
    res.writeHead(200, { "Content-Type": "image/png", "Content-Length": png.length });
    res.end(png);
    const ready = await settled(file.id);
    expect(ready).toMatchObject({ fileStatus: "READY", alt: "Navy tee, AI try-on", fileErrors: [], image: { width: 600, height: 750 } });
    expect(ready.image.url).toContain("/navy-tee.png");
    const served = await fetch(ready.image.url);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it("GIVEN a URL that answers 404 WHEN processed THEN the file is FAILED with a download error naming the status", async () => {
    const file = await createFile({ originalSource: `${sourceUrl}/missing/gone.jpg`, contentType: "IMAGE" });
    const failed = await settled(file.id);
    expect(failed).toMatchObject({ fileStatus: "FAILED", image: null, fileErrors: [{ code: "IMAGE_DOWNLOAD_FAILURE" }] });
    expect(failed.fileErrors[0].details).toContain("404");
  });

  it("GIVEN a URL that serves a web page WHEN processed THEN the file is FAILED as not an image", async () => {
    const file = await createFile({ originalSource: `${sourceUrl}/page/result.jpg` });
    const failed = await settled(file.id);
    expect(failed).toMatchObject({ fileStatus: "FAILED", fileErrors: [{ code: "UNSUPPORTED_IMAGE_FILE_TYPE" }] });
    expect(failed.fileErrors[0].details).toContain("text/html");
  });

  it("GIVEN a POST staged upload WHEN its resourceUrl is given to fileCreate with a filename THEN the file is READY under that filename", async () => {
    const staged = await gql(
      `mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { message } } }`,
      { input: [{ resource: "IMAGE", filename: "upload.png", mimeType: "image/png", httpMethod: "POST", fileSize: String(png.length) }] },
    );
    const target = staged.stagedUploadsCreate.stagedTargets[0];
    const form = new FormData();
    for (const p of target.parameters as Array<{ name: string; value: string }>) form.append(p.name, p.value);
    form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "upload.png");
    expect((await fetch(target.url, { method: "POST", body: form })).ok).toBe(true);

    const file = await createFile({ originalSource: target.resourceUrl, filename: "fitting-room-1001-grey.png", alt: "Grey" });
    const ready = await settled(file.id);
    expect(ready).toMatchObject({ fileStatus: "READY", image: { width: 600, height: 750 } });
    expect(ready.image.url).toContain("/fitting-room-1001-grey.png");
  });

  it("GIVEN filenames WHEN one clashes or changes the extension THEN Shopify's rules apply (a UUID is appended, RAISE_ERROR refuses, a mismatched extension is refused)", async () => {
    const first = await settled((await createFile({ originalSource: `${sourceUrl}/image/a.png`, filename: "same-name.png" })).id);
    const second = await settled((await createFile({ originalSource: `${sourceUrl}/image/b.png`, filename: "same-name.png" })).id);
    expect(first.image.url).toContain("/same-name.png");
    expect(second.image.url).toMatch(/\/same-name_[0-9a-f-]{36}\.png/);

    const raise = await gql(FILE_CREATE, { files: [{ originalSource: `${sourceUrl}/image/c.png`, filename: "same-name.png", duplicateResolutionMode: "RAISE_ERROR" }] });
    expect(raise.fileCreate).toMatchObject({ files: null, userErrors: [{ code: "FILENAME_ALREADY_EXISTS" }] });
    const mismatch = await gql(FILE_CREATE, { files: [{ originalSource: `${sourceUrl}/image/d.png`, filename: "result.jpg" }] });
    expect(mismatch.fileCreate).toMatchObject({ files: null, userErrors: [{ code: "MISMATCHED_FILENAME_AND_ORIGINAL_SOURCE", field: ["files", "0", "filename"] }] });
    const invalid = await gql(FILE_CREATE, { files: [{ originalSource: "ftp://example.com/x.png" }] });
    expect(invalid.fileCreate.userErrors).toMatchObject([{ code: "INVALID_IMAGE_SOURCE_URL" }]);
  });

  it("GIVEN an input field Shopify's schema does not have WHEN sent THEN validation refuses the whole request", async () => {
    await expect(gql(`mutation { fileCreate(files: [{ originalSource: "${sourceUrl}/image/x.png", colour: "navy" }]) { files { id } } }`)).rejects.toThrow(/colour/);
  });
});

describe("fileUpdate references and fileDelete", () => {
  it("GIVEN a file still processing WHEN attached with referencesToAdd THEN NON_READY_STATE is answered and the product is unchanged; once READY it attaches at the end of the product's media", async () => {
    const before = await productMediaIds(1004);
    const arrived = new Promise<void>((resolve) => heldArrived.set("/held/attach.png", resolve));
    const file = await createFile({ originalSource: `${sourceUrl}/held/attach.png`, alt: "Try-on 1004" });
    await arrived;

    const early = await gql(FILE_UPDATE, { files: [{ id: file.id, referencesToAdd: [productGid(1004)] }] });
    expect(early.fileUpdate).toMatchObject({ files: null, userErrors: [{ code: "NON_READY_STATE", field: ["files", "0", "id"] }] });
    expect(await productMediaIds(1004)).toEqual(before);

    const res = held.get("/held/attach.png")!;
    res.writeHead(200, { "Content-Type": "image/png" });
    res.end(png);
    await settled(file.id);
    const attached = await gql(FILE_UPDATE, { files: [{ id: file.id, referencesToAdd: [productGid(1004)] }] });
    expect(attached.fileUpdate.userErrors).toEqual([]);
    expect(await productMediaIds(1004)).toEqual([...before, file.id]);

    const detached = await gql(FILE_UPDATE, { files: [{ id: file.id, referencesToRemove: [productGid(1004)] }] });
    expect(detached.fileUpdate.userErrors).toEqual([]);
    expect(await productMediaIds(1004)).toEqual(before);
    // Detached, not deleted: the file is still in Files.
    expect((await gql(FILE_NODE, { id: file.id })).node).toMatchObject({ fileStatus: "READY" });
  });

  it("GIVEN a FAILED file, a missing product or a collection WHEN referenced THEN Shopify's error codes come back and nothing changes", async () => {
    const failed = await createFile({ originalSource: `${sourceUrl}/missing/nothing.png` });
    await settled(failed.id);
    const ready = await createFile({ originalSource: `${sourceUrl}/image/ok.png` });
    await settled(ready.id);
    const result = await gql(FILE_UPDATE, {
      files: [
        { id: failed.id, referencesToAdd: [productGid(1005)] },
        { id: ready.id, referencesToAdd: [productGid(999_999)] },
        { id: ready.id, referencesToAdd: ["gid://shopify/Collection/501"] },
        { id: "gid://shopify/MediaImage/999999", alt: "x" },
      ],
    });
    expect(result.fileUpdate.files).toBeNull();
    expect(result.fileUpdate.userErrors.map((e: { code: string }) => e.code)).toEqual([
      "INVALID_FAILED_MEDIA_STATE",
      "REFERENCE_TARGET_DOES_NOT_EXIST",
      "UNSUPPORTED_FILE_REFERENCE",
      "FILE_DOES_NOT_EXIST",
    ]);
    expect(await productMediaIds(1005)).not.toContain(ready.id);
  });

  it("GIVEN a READY file attached to two products WHEN fileDelete runs THEN it is gone from both products and from Files", async () => {
    const file = await createFile({ originalSource: `${sourceUrl}/image/delete-me.png`, alt: "Delete me" });
    await settled(file.id);
    await gql(FILE_UPDATE, { files: [{ id: file.id, referencesToAdd: [productGid(1006), productGid(1007)] }] });
    expect(await productMediaIds(1006)).toContain(file.id);
    expect(await productMediaIds(1007)).toContain(file.id);

    const deleted = await gql(`mutation($ids: [ID!]!) { fileDelete(fileIds: $ids) { deletedFileIds userErrors { code } } }`, { ids: [file.id] });
    expect(deleted.fileDelete).toEqual({ deletedFileIds: [file.id], userErrors: [] });
    expect(await productMediaIds(1006)).not.toContain(file.id);
    expect(await productMediaIds(1007)).not.toContain(file.id);
    expect((await gql(FILE_NODE, { id: file.id })).node).toBeNull();
    const listed = await gql(`query($q: String) { files(first: 5, query: $q) { nodes { id } } }`, { q: 'alt:"Delete me"' });
    expect(listed.files.nodes).toEqual([]);
  });

  it("GIVEN files created, attached and deleted WHEN /__local/metrics is read THEN it counts them and lists files by status", async () => {
    const m = await metrics();
    expect(m.filesCreated).toBeGreaterThanOrEqual(9);
    expect(m.filesFailed).toBeGreaterThanOrEqual(3);
    expect(m.filesDeleted).toBeGreaterThanOrEqual(1);
    expect(m.fileReferencesAdded).toBeGreaterThanOrEqual(3);
    expect(m.fileReferencesRemoved).toBeGreaterThanOrEqual(1);
    expect(m.filesByStatus.FAILED).toBeGreaterThanOrEqual(3);
    expect(m.filesByStatus.READY).toBeGreaterThan(40);
  });
});
