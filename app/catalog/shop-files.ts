/**
 * The merchant's own files (model photos) into the shop's Files: staged upload, `fileCreate`, then a
 * short wait for Shopify to give each file its public URL (what try-on needs). It runs on the page
 * request's `admin.graphql` (the merchant's session), not on a catalog of the background pipeline.
 */
import { CatalogError } from "./errors";
import type { RemixAdminGraphql } from "./transport";

const STAGED_UPLOAD = `#graphql
  mutation UiModelPhotoStage($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters {
          name
          value
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const FILE_CREATE = `#graphql
  mutation UiModelPhotoCreate($files: [FileCreateInput!]!) {
    fileCreate(files: $files) {
      files {
        id
        fileStatus
        ... on MediaImage {
          image {
            url
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const FILE_STATUS = `#graphql
  query UiModelPhotoStatus($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on MediaImage {
        id
        fileStatus
        image {
          url
        }
      }
    }
  }
`;

/** Shopify refused or could not process the files; the message is a plain sentence for the merchant. */
export class ShopFileError extends CatalogError {}

async function gql<T>(graphql: RemixAdminGraphql, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await graphql(query, { variables });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.map((e) => e.message).join("; ") ?? "no data");
  return body.data;
}

/**
 * Uploads images into the shop's Files and returns their public URLs, in the files' order. Throws
 * ShopFileError when Shopify refuses them, cannot process one, or is still processing at `waitMs`
 * (default 20 s); other errors (network) propagate.
 */
export async function uploadImagesToFiles(graphql: RemixAdminGraphql, files: File[], alt: (file: File) => string, o: { waitMs?: number } = {}): Promise<string[]> {
  const staged = await gql<{ stagedUploadsCreate: { stagedTargets: Array<{ url: string; resourceUrl: string; parameters: Array<{ name: string; value: string }> }>; userErrors: Array<{ message: string }> } }>(
    graphql,
    STAGED_UPLOAD,
    { input: files.map((f) => ({ resource: "IMAGE", filename: f.name, mimeType: f.type, httpMethod: "POST", fileSize: String(f.size) })) },
  );
  if (staged.stagedUploadsCreate.userErrors.length) throw new ShopFileError(`Shopify refused the upload: ${staged.stagedUploadsCreate.userErrors.map((e) => e.message).join("; ")}`);
  const targets = staged.stagedUploadsCreate.stagedTargets;
  await Promise.all(
    targets.map(async (t, i) => {
      const form = new FormData();
      for (const p of t.parameters) form.append(p.name, p.value);
      form.append("file", files[i], files[i].name);
      const res = await fetch(t.url, { method: "POST", body: form });
      if (!res.ok) throw new Error(`uploading ${files[i].name} failed (HTTP ${res.status})`);
    }),
  );
  const created = await gql<{ fileCreate: { files: Array<{ id: string; fileStatus: string; image?: { url: string } | null }> | null; userErrors: Array<{ message: string }> } }>(graphql, FILE_CREATE, {
    files: targets.map((t, i) => ({ originalSource: t.resourceUrl, contentType: "IMAGE", alt: alt(files[i]) })),
  });
  if (created.fileCreate.userErrors.length) throw new ShopFileError(`Shopify refused the photos: ${created.fileCreate.userErrors.map((e) => e.message).join("; ")}`);
  const ids = (created.fileCreate.files ?? []).map((f) => f.id);
  const urls = new Map((created.fileCreate.files ?? []).filter((f) => f.image?.url).map((f) => [f.id, f.image!.url]));
  const deadline = Date.now() + (o.waitMs ?? 20_000);
  let wait = 300;
  while (urls.size < ids.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 1.5, 2000);
    const status = await gql<{ nodes: Array<{ id?: string; fileStatus?: string; image?: { url: string } | null } | null> }>(graphql, FILE_STATUS, { ids });
    for (const n of status.nodes) {
      if (n?.id && n.fileStatus === "FAILED") throw new ShopFileError("Shopify could not process one of the photos; try another file.");
      if (n?.id && n.image?.url) urls.set(n.id, n.image.url);
    }
  }
  if (urls.size < ids.length) throw new ShopFileError("Shopify is still processing the photos; add them again in a minute.");
  return ids.map((id) => urls.get(id)!);
}
