/**
 * The shop's Files, as the try-on results use them (plain TS over an Admin transport):
 * - copies: one `stagedUploadsCreate` for many images, their bytes posted to the targets, then one
 *   `fileCreate` for all of them (unattached files with alt text and a clear file name);
 * - Shopify processes a created file asynchronously (UPLOADED → PROCESSING → READY | FAILED): the
 *   status and, once READY, the CDN URL are read in one `nodes` query for many files;
 * - attach: `fileUpdate` `referencesToAdd` (idempotent: adding a file the product already shows is a
 *   no-op, which is what makes attaching exactly-once without markers); the product medium's id is the
 *   file's id;
 * - delete: `fileDelete` removes the file from Files and from every product;
 * - lookup by file name: after a crash between `fileCreate` and recording the id.
 */
import { AdminGraphQLError, CatalogError, CatalogUploadError, CatalogUserError } from "./errors";
import type { AdminTransport } from "./transport";

export const FILES_STAGED_UPLOADS_MUTATION = `#graphql
  mutation FilesStagedUploads($input: [StagedUploadInput!]!) {
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

export const FILES_CREATE_MUTATION = `#graphql
  mutation FilesCreate($files: [FileCreateInput!]!) {
    fileCreate(files: $files) {
      files {
        id
        fileStatus
        alt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const FILES_STATUS_QUERY = `#graphql
  query FilesStatus($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on MediaImage {
        id
        fileStatus
        image {
          url
        }
        fileErrors {
          code
          message
        }
      }
    }
  }
`;

export const FILES_BY_NAME_QUERY = `#graphql
  query FilesByName($query: String!) {
    files(first: 10, query: $query) {
      nodes {
        id
        ... on MediaImage {
          image {
            url
          }
        }
        fileStatus
        alt
      }
    }
  }
`;

export const FILES_ATTACH_MUTATION = `#graphql
  mutation FilesAttach($files: [FileUpdateInput!]!) {
    fileUpdate(files: $files) {
      files {
        id
        fileStatus
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const FILES_DELETE_MUTATION = `#graphql
  mutation FilesDelete($fileIds: [ID!]!) {
    fileDelete(fileIds: $fileIds) {
      deletedFileIds
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const FILES_REORDER_MEDIA_MUTATION = `#graphql
  mutation FilesReorderProductMedia($id: ID!, $moves: [MoveInput!]!) {
    productReorderMedia(id: $id, moves: $moves) {
      job {
        id
      }
      mediaUserErrors {
        field
        message
        code
      }
    }
  }
`;

export type FileStatus = "UPLOADED" | "PROCESSING" | "READY" | "FAILED";

export interface NewFile {
  /** Clear, unique file name, e.g. linen-midi-dress-tryon-1-3f9a0c.jpg. */
  filename: string;
  mimeType: string;
  bytes: Uint8Array;
  alt: string;
}

export interface FileInfo {
  id: string;
  /** null when the file does not exist (deleted). */
  status: FileStatus | null;
  url: string | null;
  error: string | null;
}

export interface FilesPort {
  /** Uploads and creates the files with one staged-upload request and one fileCreate; ids in input order. */
  createFiles(files: NewFile[]): Promise<Array<{ id: string; status: FileStatus }>>;
  /** Status (and CDN URL once READY) of many files in one query. */
  fileInfo(ids: string[]): Promise<FileInfo[]>;
  /** The file created under this exact name, if any (crash recovery). */
  findByFilename(filename: string): Promise<{ id: string; status: FileStatus | null; url: string | null } | null>;
  /** Adds READY files to a product's media (idempotent), with their alt text. */
  attachFiles(productId: string, files: Array<{ id: string; alt: string }>): Promise<void>;
  /** Deletes files everywhere; ids Shopify no longer knows count as deleted. Returns the ids gone. */
  deleteFiles(ids: string[]): Promise<string[]>;
  /** Moves media to positions (0 = featured), in order. */
  reorderMedia(productId: string, moves: Array<{ id: string; newPosition: number }>): Promise<void>;
}

type UserErrors = ReadonlyArray<{ field?: ReadonlyArray<string> | null; message: string; code?: string | null }> | null | undefined;

export interface FilesOptions {
  /** Paced transport (the shop's cost pacer). */
  send: AdminTransport;
  /** fetch for the staged-upload POSTs (they go to the upload host, not the Admin API). */
  fetch?: typeof fetch;
  /** Staged uploads posted at once; default 4. */
  uploadConcurrency?: number;
}

export function createFiles(o: FilesOptions): FilesPort {
  const fetchImpl = o.fetch ?? globalThis.fetch;

  async function request<T>(name: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await o.send<T>(query, variables);
    if (response.errors?.length) throw new AdminGraphQLError(name, response.errors);
    if (!response.data) throw new AdminGraphQLError(name, [{ message: "The Admin API returned no data." }]);
    return response.data;
  }
  const check = (name: string, errors: UserErrors) => {
    if (errors?.length) throw new CatalogUserError(name, errors.map((e) => ({ field: e.field ?? null, message: e.message, code: e.code ?? null })));
  };

  async function upload(target: { url: string; parameters: ReadonlyArray<{ name: string; value: string }> }, file: NewFile): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const form = new FormData();
      for (const p of target.parameters) form.append(p.name, p.value);
      // The file must be the last field of the form. The Blob copies the bytes once; they are never a
      // SharedArrayBuffer here, so no defensive copy before it (50 results per batch held twice otherwise).
      form.append("file", new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mimeType }), file.filename);
      let status = 0;
      let detail = "";
      try {
        const response = await fetchImpl(target.url, { method: "POST", body: form, signal: AbortSignal.timeout(120_000) });
        if (response.ok) {
          await response.arrayBuffer().catch(() => undefined);
          return;
        }
        status = response.status;
        detail = (await response.text().catch(() => "")).slice(0, 200);
      } catch (error) {
        detail = (error as Error).message;
      }
      if (!(status === 0 || status === 429 || status >= 500) || attempt >= 3) {
        throw new CatalogUploadError(`Uploading the image failed${status ? ` (HTTP ${status})` : ""}: ${detail}`, status);
      }
      await new Promise((r) => setTimeout(r, 500 * 2 ** (attempt - 1)));
    }
  }

  const port: FilesPort = {
    async createFiles(files) {
      if (!files.length) return [];
      type Staged = { stagedUploadsCreate: { stagedTargets: Array<{ url: string | null; resourceUrl: string | null; parameters: Array<{ name: string; value: string }> }> | null; userErrors: UserErrors } | null };
      const staged = await request<Staged>("Preparing image uploads", FILES_STAGED_UPLOADS_MUTATION, {
        input: files.map((f) => ({ resource: "IMAGE", filename: f.filename, mimeType: f.mimeType, httpMethod: "POST", fileSize: String(f.bytes.byteLength) })),
      });
      check("Preparing image uploads", staged.stagedUploadsCreate?.userErrors);
      const targets = staged.stagedUploadsCreate?.stagedTargets ?? [];
      if (targets.length !== files.length || targets.some((t) => !t.url || !t.resourceUrl)) throw new CatalogError("Shopify returned no upload target for some images.");
      let next = 0;
      const worker = async () => {
        while (next < files.length) {
          const i = next++;
          await upload({ url: targets[i].url!, parameters: targets[i].parameters }, files[i]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(o.uploadConcurrency ?? 4, files.length) }, worker));
      type Created = { fileCreate: { files: Array<{ id: string; fileStatus: FileStatus }> | null; userErrors: UserErrors } | null };
      const created = await request<Created>("Saving images to Files", FILES_CREATE_MUTATION, {
        files: files.map((f, i) => ({ originalSource: targets[i].resourceUrl!, alt: f.alt, filename: f.filename, contentType: "IMAGE" })),
      });
      check("Saving images to Files", created.fileCreate?.userErrors);
      const out = created.fileCreate?.files ?? [];
      if (out.length !== files.length) throw new CatalogError(`Shopify created ${out.length} of ${files.length} files.`);
      return out.map((f) => ({ id: f.id, status: f.fileStatus }));
    },

    async fileInfo(ids) {
      if (!ids.length) return [];
      type Nodes = { nodes: Array<{ id?: string; fileStatus?: FileStatus; image?: { url: string } | null; fileErrors?: Array<{ code: string; message: string }> } | null> };
      const data = await request<Nodes>("Checking saved images", FILES_STATUS_QUERY, { ids });
      return ids.map((id, i) => {
        const n = data.nodes[i];
        if (!n?.id) return { id, status: null, url: null, error: null };
        const err = n.fileErrors?.[0];
        return { id, status: n.fileStatus ?? null, url: n.fileStatus === "READY" ? (n.image?.url ?? null) : null, error: err ? err.message : null };
      });
    },

    async findByFilename(filename) {
      type Found = { files: { nodes: Array<{ id: string; fileStatus: FileStatus; image?: { url: string } | null }> } };
      // Quoted: the search syntax treats dots and dashes inside quotes literally.
      const data = await request<Found>("Looking up a saved image", FILES_BY_NAME_QUERY, { query: `filename:"${filename.replace(/"/g, "")}"` });
      const hit = data.files.nodes[0];
      return hit ? { id: hit.id, status: hit.fileStatus, url: hit.fileStatus === "READY" ? (hit.image?.url ?? null) : null } : null;
    },

    async attachFiles(productId, files) {
      if (!files.length) return;
      type Updated = { fileUpdate: { files: Array<{ id: string }> | null; userErrors: UserErrors } | null };
      const data = await request<Updated>("Adding images to the product", FILES_ATTACH_MUTATION, {
        files: files.map((f) => ({ id: f.id, alt: f.alt, referencesToAdd: [productId] })),
      });
      check("Adding images to the product", data.fileUpdate?.userErrors);
    },

    async deleteFiles(ids) {
      if (!ids.length) return [];
      type Deleted = { fileDelete: { deletedFileIds: string[] | null; userErrors: UserErrors } | null };
      const data = await request<Deleted>("Removing saved images", FILES_DELETE_MUTATION, { fileIds: ids });
      const errors = data.fileDelete?.userErrors ?? [];
      if (!errors.length) return [...(data.fileDelete?.deletedFileIds ?? ids)];
      // Files already gone (the merchant deleted them) make the whole call fail: delete the rest.
      const gone = errors.filter((e) => e.code === "FILE_DOES_NOT_EXIST");
      if (gone.length !== errors.length) check("Removing saved images", errors);
      const missing = new Set(ids.filter((id) => gone.some((e) => e.message.includes(id))));
      const rest = ids.filter((id) => !missing.has(id));
      if (rest.length === ids.length) return ids; // could not tell which: every id reported missing
      const deleted = rest.length ? await port.deleteFiles(rest) : [];
      return [...missing, ...deleted];
    },

    async reorderMedia(productId, moves) {
      if (!moves.length) return;
      type Reordered = { productReorderMedia: { job: { id: string } | null; mediaUserErrors: UserErrors } | null };
      const data = await request<Reordered>("Ordering the product's images", FILES_REORDER_MEDIA_MUTATION, {
        id: productId,
        moves: moves.map((m) => ({ id: m.id, newPosition: String(m.newPosition) })),
      });
      check("Ordering the product's images", data.productReorderMedia?.mediaUserErrors);
    },
  };
  return port;
}
