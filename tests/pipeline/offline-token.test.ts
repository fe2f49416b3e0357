/**
 * Expiring offline tokens in background work (issue 13.1): the local Admin API issues tokens that are
 * refused after `tokenTtlS`, as Shopify's are after an hour. The pipeline renews them with the
 * refresh-token grant — ahead of expiry, after a 401, once per shop however many processes ask — and
 * never fails a job with NO_SESSION while the refresh token is good.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedirectingFetch } from "../../app/catalog";
import { MissingSessionError } from "../../app/catalog/errors";
import { createOfflineTokens } from "../../app/catalog/offline-token.server";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline, type Pipeline } from "../../app/pipeline/service.server";
import { tryOnMediaOf } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, gidProduct, jobStates, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, waitSettled, type Stack } from "../helpers/pipeline-stack";

const API_KEY = "offline-token-test-key";
const API_SECRET = "offline-token-test-secret";
const SCOPE = "read_products,write_products,write_files";

let stack: Stack;
let pipeline: Pipeline;
let runner: Runner;
const db = pipelinePrisma();

/** Stores a freshly issued expiring pair in the shop's offline session, as token exchange leaves it. */
async function installExpiringPair() {
  const pair = stack.admin.tokens.issue(API_KEY, SCOPE);
  const now = Date.now();
  await db.session.update({
    where: { id: `offline_${TEST_SHOP}` },
    data: { accessToken: pair.access_token, expires: new Date(now + pair.expires_in * 1000), refreshToken: pair.refresh_token, refreshTokenExpires: new Date(now + pair.refresh_token_expires_in * 1000) },
  });
  return pair;
}

async function adminStatus(token: string): Promise<number> {
  const r = await fetch(stack.admin.graphqlUrl, { method: "POST", headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token }, body: JSON.stringify({ query: "{ shop { name } }" }) });
  await r.arrayBuffer();
  return r.status;
}

const metrics = async () => (await (await fetch(`${stack.admin.url}/__local/metrics`)).json()) as { refreshGrants: number; refreshRefused: number; expiredTokenRefusals: number };

beforeAll(async () => {
  stack = await startStack({ admin: { apiKey: API_KEY, apiSecret: API_SECRET, tokenTtlS: 2 } });
  await seedShop(db, stack, { autoApprove: false, generateCount: 1 });
  await installExpiringPair();
  const deps = stackDeps(db, { ...stack.env, ADMIN_TOKEN_REFRESH_MARGIN_MS: "300" });
  pipeline = createPipeline(deps);
  runner = createRunner(deps, FAST_RUNNER);
  deps.notify = runner.wake;
  runner.start();
}, 60_000);

afterAll(async () => {
  await runner?.stop();
  await stack?.close();
  await db.$disconnect();
});

describe("expiring offline tokens in background work", () => {
  it("GIVEN results approved after the offline token's 2 s TTL WHEN they attach THEN every image is attached through a refresh grant, with no NO_SESSION", async () => {
    const products = [gidProduct(1013), gidProduct(1016)];
    // Counted before anything runs: background work (the Files copier) may already renew the pair while
    // the token lapses, before the approval, and that renewal is the behaviour under test too.
    const grantsBefore = (await metrics()).refreshGrants;
    const { runId } = await pipeline.startRun(TEST_SHOP, { type: "selection", productIds: products }, {});
    await waitFor(async () => ((await jobStates(db, runId!)).awaiting_review === 2 ? true : null), { what: "both jobs to wait for review" });
    // The token the run started with is now refused by the Admin API (observable, not a fixed sleep).
    const before = (await db.session.findUnique({ where: { id: `offline_${TEST_SHOP}` } }))!;
    await waitFor(async () => (await adminStatus(before.accessToken)) === 401, { what: "the stored token to expire", timeoutMs: 10_000, intervalMs: 200 });

    await pipeline.approve(TEST_SHOP, { runId: runId! });
    await waitSettled(db, runId!);

    expect(await jobStates(db, runId!)).toEqual({ attached: 2 });
    expect(await db.tryOnJob.count({ where: { errorCode: "NO_SESSION" } })).toBe(0);
    for (const p of products) expect(tryOnMediaOf(stack.admin.store, p)).toHaveLength(1);
    expect((await metrics()).refreshGrants).toBeGreaterThan(grantsBefore);
    // The new pair is stored where the library's session storage reads it.
    const after = (await db.session.findUnique({ where: { id: `offline_${TEST_SHOP}` } }))!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expires!.getTime()).toBeGreaterThan(before.expires!.getTime());
  }, 60_000);

  it("GIVEN a stored token Shopify refuses although its expiry is ahead WHEN background work calls the Admin API THEN it renews once and the call succeeds", async () => {
    stack.admin.tokens.ttlS = 3600;
    await installExpiringPair();
    const tokens = createOfflineTokens({ db, apiKey: API_KEY, apiSecret: API_SECRET, fetch: createRedirectingFetch(stack.admin.url) });
    const deps = stackDeps(db, stack.env);
    const catalog = await deps.catalogFor(TEST_SHOP);
    stack.admin.tokens.expireAccessTokens();
    const grantsBefore = (await metrics()).refreshGrants;
    const product = await catalog.getProduct(gidProduct(1013));
    expect(product?.title).toBeTruthy();
    expect((await metrics()).refreshGrants).toBe(grantsBefore + 1);
    expect(await adminStatus(await tokens.accessToken(TEST_SHOP))).toBe(200);
  });

  it("GIVEN three processes finding the token expired at once WHEN each asks for a token THEN one refresh grant serves them all", async () => {
    stack.admin.tokens.ttlS = 3600;
    const pair = await installExpiringPair();
    await db.session.update({ where: { id: `offline_${TEST_SHOP}` }, data: { expires: new Date(Date.now() - 1000) } });
    const instances = [1, 2, 3].map(() => createOfflineTokens({ db, apiKey: API_KEY, apiSecret: API_SECRET, fetch: createRedirectingFetch(stack.admin.url) }));
    const grantsBefore = (await metrics()).refreshGrants;
    const got = await Promise.all(instances.map((t) => t.accessToken(TEST_SHOP)));
    expect(new Set(got).size).toBe(1);
    expect(got[0]).not.toBe(pair.access_token);
    expect((await metrics()).refreshGrants).toBe(grantsBefore + 1);
    expect(await adminStatus(got[0])).toBe(200);
    expect(await db.tokenRefreshLock.count()).toBe(0);
  });

  it("GIVEN a refresh token Shopify no longer accepts WHEN the token must be renewed THEN the shop needs reconnecting (MissingSessionError), nothing retried for ever", async () => {
    await installExpiringPair();
    await db.session.update({ where: { id: `offline_${TEST_SHOP}` }, data: { expires: new Date(Date.now() - 1000), refreshToken: "shprt_not_issued" } });
    const tokens = createOfflineTokens({ db, apiKey: API_KEY, apiSecret: API_SECRET, fetch: createRedirectingFetch(stack.admin.url) });
    await expect(tokens.accessToken(TEST_SHOP)).rejects.toBeInstanceOf(MissingSessionError);
    expect(await db.tokenRefreshLock.count()).toBe(0);
  });
});
