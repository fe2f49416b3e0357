/**
 * Resource ids and links for the admin UI extensions. The admin hands extensions Admin GraphQL ids
 * (`gid://shopify/Product/123`); the app's URLs use the numeric part.
 */
export type ResourceType = "Product" | "Collection";

const GID = /^gid:\/\/shopify\/(Product|Collection)\/(\d{1,20})$/;

/** "123" from "gid://shopify/Product/123"; null when the id is not a gid of that type. */
export function numericId(gid: string, type: ResourceType): string | null {
  const match = GID.exec(gid);
  return match && match[1] === type ? match[2] : null;
}

/** The selected ids of one type, in order, without duplicates; other ids are dropped. */
export function selectedIds(selected: ReadonlyArray<{ id: string }>, type: ResourceType): string[] {
  const out: string[] = [];
  for (const { id } of selected) {
    if (numericId(id, type) !== null && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * A link from an admin extension into the embedded app: the `app:` protocol makes the admin open the
 * app's page (inside the admin frame, with a fresh session token) instead of a bare URL.
 * `appPath` comes from the server ("/app/products/123"), so page paths are decided in one place.
 */
export function appLink(appPath: string): string {
  const path = appPath.startsWith("/") ? appPath : `/${appPath}`;
  return `app:${path}`;
}
