/** stagedUploadsCreate, fileCreate, fileUpdate (alt, filename, product references) and fileDelete, with Shopify's rules. */
import { extensionOf, filenameOf, MAX_FILES_PER_CREATE, MAX_MEDIA_PER_PRODUCT, mediaStatus } from "../files";
import { detachMedia, parseGid, type MediaRecord } from "../store";
import type { ResolverEnv, View } from "./context";
import { ALT_LIMIT, createMedia } from "./media";
import { mediaView } from "./views";

const STAGED_RESOURCES = new Set(["IMAGE", "FILE", "PRODUCT_IMAGE", "COLLECTION_IMAGE", "SHOP_IMAGE"]);

type FilesUserError = { field: string[]; message: string; code: string };

/** A ready file for fileUpdate, or the user error Shopify answers (missing, failed, not ready). */
function readyFile(env: ResolverEnv, id: string, field: string[]): MediaRecord | FilesUserError {
  const parsed = parseGid(id);
  const media = parsed?.kind === "MediaImage" ? env.store.media.get(parsed.id) : undefined;
  if (!media) return { field, message: `File id ${id} does not exist.`, code: "FILE_DOES_NOT_EXIST" };
  const status = mediaStatus(media);
  if (status === "FAILED") return { field, message: "File cannot be updated in a failed state.", code: "INVALID_FAILED_MEDIA_STATE" };
  if (status !== "READY") return { field, message: `The file is not in the READY state (it is ${status}).`, code: "NON_READY_STATE" };
  return media;
}

/** Takes a medium off a product's media (and any of its variants showing it, as Shopify does). */
const detachFromProduct = detachMedia;

export function fileMutations(env: ResolverEnv): View {
  const store = env.store;
  return {
    stagedUploadsCreate: ({ input }: { input: Array<{ filename: string; mimeType: string; resource: string; httpMethod?: string; fileSize?: string }> }) => {
      const userErrors: Array<{ field: string[]; message: string }> = [];
      input.forEach((item, i) => {
        if (!STAGED_RESOURCES.has(item.resource)) {
          userErrors.push({ field: ["input", String(i), "resource"], message: `Resource ${item.resource} is not supported by the local Admin API.` });
        }
        if (!item.filename) userErrors.push({ field: ["input", String(i), "filename"], message: "Filename can't be blank" });
      });
      if (userErrors.length) return { stagedTargets: [], userErrors };
      const base = env.base();
      const stagedTargets = input.map((item) => {
        const token = crypto.randomUUID();
        const filename = item.filename.replace(/[^\w.-]+/g, "_");
        env.staged.set(token, { token, filename, mimeType: item.mimeType, resource: item.resource, blob: null });
        const key = `tmp/${token}/${filename}`;
        const resourceUrl = `${base}/staged-uploads/${key}`;
        if ((item.httpMethod ?? "PUT") === "POST") {
          return {
            url: `${base}/staged-uploads/upload`,
            resourceUrl,
            parameters: [
              { name: "Content-Type", value: item.mimeType },
              { name: "success_action_status", value: "201" },
              { name: "acl", value: "private" },
              { name: "key", value: key },
              { name: "policy", value: Buffer.from(JSON.stringify({ key, expires: Date.now() + 3_600_000 })).toString("base64") },
            ],
          };
        }
        return {
          url: `${base}/staged-uploads/put/${key}`,
          resourceUrl,
          parameters: [
            { name: "content_type", value: item.mimeType },
            { name: "acl", value: "private" },
          ],
        };
      });
      return { stagedTargets, userErrors: [] };
    },

    fileCreate: ({ files }: { files: Array<{ originalSource: string; alt?: string | null; contentType?: string | null; filename?: string | null; duplicateResolutionMode?: string | null }> }) => {
      const userErrors: FilesUserError[] = [];
      if (files.length > MAX_FILES_PER_CREATE) {
        return { files: null, userErrors: [{ field: ["files"], message: `At most ${MAX_FILES_PER_CREATE} files can be created at once (got ${files.length}).`, code: "INVALID" }] };
      }
      const taken = new Set([...store.media.values()].map((m) => m.filename));
      const names: Array<string | null> = [];
      files.forEach((f, i) => {
        const field = (name: string) => ["files", String(i), name];
        names.push(null);
        if (f.contentType && f.contentType !== "IMAGE") {
          userErrors.push({ field: field("contentType"), message: `Content type ${f.contentType} is not implemented by the local Admin API.`, code: "INVALID" });
        }
        if (!/^https?:\/\/[^\s/]+/.test(f.originalSource)) {
          userErrors.push({ field: field("originalSource"), message: "Image URL is invalid", code: "INVALID_IMAGE_SOURCE_URL" });
          return;
        }
        if ((f.alt ?? "").length > ALT_LIMIT) userErrors.push({ field: field("alt"), message: `Alt value exceeds ${ALT_LIMIT} characters.`, code: "ALT_VALUE_LIMIT_EXCEEDED" });
        const mode = f.duplicateResolutionMode ?? "APPEND_UUID";
        if (mode === "REPLACE" && !f.filename) {
          userErrors.push({ field: field("duplicateResolutionMode"), message: "Duplicate resolution mode REPLACE cannot be used without specifying filename.", code: "MISSING_FILENAME_FOR_DUPLICATE_MODE_REPLACE" });
          return;
        }
        if (mode === "REPLACE") {
          userErrors.push({ field: field("duplicateResolutionMode"), message: "Duplicate resolution mode REPLACE is not implemented by the local Admin API.", code: "INVALID" });
          return;
        }
        const sourceName = filenameOf(f.originalSource);
        if (f.filename !== null && f.filename !== undefined) {
          if (!f.filename.trim() || /[/\\]/.test(f.filename) || f.filename.length > 255) {
            userErrors.push({ field: field("filename"), message: "The provided filename is invalid.", code: "INVALID_FILENAME" });
            return;
          }
          const ext = extensionOf(sourceName);
          if (ext && extensionOf(f.filename) !== ext) {
            userErrors.push({ field: field("filename"), message: "Cannot create file with custom filename which does not match original source extension.", code: "MISMATCHED_FILENAME_AND_ORIGINAL_SOURCE" });
            return;
          }
        }
        let name = f.filename || sourceName;
        if (taken.has(name)) {
          if (mode === "RAISE_ERROR") {
            userErrors.push({ field: field("filename"), message: `The provided filename already exists: ${name}`, code: "FILENAME_ALREADY_EXISTS" });
            return;
          }
          const dot = name.lastIndexOf(".");
          const uuid = crypto.randomUUID();
          name = dot > 0 ? `${name.slice(0, dot)}_${uuid}${name.slice(dot)}` : `${name}_${uuid}`;
        }
        taken.add(name);
        names[i] = name;
      });
      if (userErrors.length) return { files: null, userErrors };
      const created = files.map((f, i) => mediaView(env, createMedia(env, { originalSource: f.originalSource, alt: f.alt, mediaContentType: "IMAGE", filename: names[i] })));
      store.touch();
      return { files: created, userErrors: [] };
    },

    fileDelete: ({ fileIds }: { fileIds: string[] }) => {
      const missing = fileIds.filter((id) => {
        const parsed = parseGid(id);
        return !parsed || !store.media.has(parsed.id);
      });
      if (missing.length) {
        return {
          deletedFileIds: null,
          userErrors: missing.map((id) => ({ field: ["fileIds"], message: `File id ${id} does not exist.`, code: "FILE_DOES_NOT_EXIST" })),
        };
      }
      const changed = new Set<number>();
      for (const id of fileIds) {
        const mediaId = parseGid(id)!.id;
        for (const product of store.products.values()) if (product.mediaIds.includes(mediaId)) changed.add(product.id);
        // Shopify removes a deleted file from every product (and variant) showing it.
        if (store.deleteMedia(mediaId)) store.metrics.filesDeleted++;
      }
      for (const productId of changed) env.webhooks.product("products/update", productId);
      return { deletedFileIds: fileIds, userErrors: [] };
    },

    /** Alt text, filename and product references; like Shopify, only for files that are READY. */
    fileUpdate: ({ files }: { files: Array<{ id: string; alt?: string | null; filename?: string | null; referencesToAdd?: string[] | null; referencesToRemove?: string[] | null; [key: string]: unknown }> }) => {
      const userErrors: FilesUserError[] = [];
      const added = new Map<number, number>();
      files.forEach((f, i) => {
        const field = (name: string) => ["files", String(i), name];
        const media = readyFile(env, f.id, field("id"));
        if (!("id" in media)) {
          userErrors.push(media);
          return;
        }
        for (const key of ["originalSource", "previewImageSource"]) {
          if (f[key] !== undefined && f[key] !== null) {
            userErrors.push({ field: field(key), message: `${key} is not implemented by the local Admin API.`, code: "INVALID" });
          }
        }
        if ((f.alt ?? "").length > ALT_LIMIT) userErrors.push({ field: field("alt"), message: `Alt value exceeds ${ALT_LIMIT} characters.`, code: "ALT_VALUE_LIMIT_EXCEEDED" });
        if (f.filename !== undefined && f.filename !== null) {
          if (!f.filename.trim() || /[/\\]/.test(f.filename)) userErrors.push({ field: field("filename"), message: "The provided filename is invalid.", code: "INVALID_FILENAME" });
          else if (extensionOf(f.filename) !== extensionOf(media.filename)) userErrors.push({ field: field("filename"), message: "Invalid filename extension.", code: "INVALID_FILENAME_EXTENSION" });
        }
        for (const [list, name] of [[f.referencesToAdd, "referencesToAdd"], [f.referencesToRemove, "referencesToRemove"]] as const) {
          for (const ref of list ?? []) {
            const p = parseGid(ref);
            if (p && p.kind !== "Product") {
              userErrors.push({ field: field(name), message: `Reference ${ref} is not a product; only products can be referenced.`, code: "UNSUPPORTED_FILE_REFERENCE" });
            } else if (!p || !store.products.has(p.id)) {
              userErrors.push({ field: field(name), message: `Reference ${ref} does not exist.`, code: "REFERENCE_TARGET_DOES_NOT_EXIST" });
            } else if (name === "referencesToAdd") {
              const product = store.products.get(p.id)!;
              if (!product.mediaIds.includes(media.id)) added.set(p.id, (added.get(p.id) ?? product.mediaIds.length) + 1);
              if ((added.get(p.id) ?? 0) > MAX_MEDIA_PER_PRODUCT) {
                userErrors.push({ field: field(name), message: `Products can have at most ${MAX_MEDIA_PER_PRODUCT} media.`, code: "PRODUCT_MEDIA_LIMIT_EXCEEDED" });
              }
            }
          }
        }
      });
      if (userErrors.length) return { files: null, userErrors };
      const changed = new Set<number>();
      const updated = files.map((f) => {
        const media = store.media.get(parseGid(f.id)!.id)!;
        if (f.alt !== undefined && f.alt !== null) media.alt = f.alt;
        if (f.filename) media.filename = f.filename;
        for (const ref of f.referencesToRemove ?? []) {
          const product = store.products.get(parseGid(ref)!.id)!;
          if (detachFromProduct(product, media.id)) {
            store.metrics.fileReferencesRemoved++;
            changed.add(product.id);
          }
        }
        for (const ref of f.referencesToAdd ?? []) {
          const product = store.products.get(parseGid(ref)!.id)!;
          if (!product.mediaIds.includes(media.id)) {
            product.mediaIds.push(media.id);
            product.updatedAt = new Date().toISOString();
            store.metrics.fileReferencesAdded++;
            changed.add(product.id);
          }
        }
        media.updatedAt = new Date().toISOString();
        return mediaView(env, media);
      });
      store.touch();
      for (const productId of changed) env.webhooks.product("products/update", productId);
      return { files: updated, userErrors: [] };
    },
  };
}
