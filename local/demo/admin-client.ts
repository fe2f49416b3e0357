/** A tiny GraphQL client for the local Admin API, used by the admin frame and the demo's own checks. */
export interface AdminApiTarget {
  /** The local Admin API origin, e.g. http://127.0.0.1:4020. */
  url: string;
  accessToken: string;
  shop: string;
  apiVersion?: string;
}

export async function adminGraphql<T>(target: AdminApiTarget, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${target.url.replace(/\/$/, "")}/admin/api/${target.apiVersion ?? "2026-07"}/graphql.json`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Access-Token": target.accessToken,
      "X-Shopify-Shop-Domain": target.shop,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: { data?: T; errors?: Array<{ message: string }> };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`Local Admin API answered HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
  if (!res.ok || body.errors?.length || !body.data) {
    throw new Error(`Local Admin API error (HTTP ${res.status}): ${body.errors?.map((e) => e.message).join("; ") ?? text.slice(0, 200)}`);
  }
  return body.data;
}
