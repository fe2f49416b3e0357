/**
 * `npm run local:admin -- --port 4020 [--seed demo|FILE] [--restore-rate 100] [--bucket-size 2000]
 *   [--persist FILE] [--token TOKEN]... [--generate N] [--media-processing-ms 150] [--bulk-delay-ms 100]
 *   [--host 127.0.0.1] [--public-url URL] [--token-ttl-s 3600] [--api-key KEY] [--api-secret SECRET]
 *   [--webhook-url URL]`
 *
 * Runs the local Admin API until interrupted. Point the app at it with LOCAL_ADMIN_API_URL=<url>.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEMO_IDS, type SeedOption } from "./seed";
import { start } from "./server";

const HELP = `Usage: npm run local:admin -- [options]
  --port N                 port (default 4020; 0 = any free port)
  --host HOST              interface (default 127.0.0.1)
  --seed demo|empty|FILE   initial shop (default demo); FILE is a seed spec or a store snapshot (JSON)
  --generate N             also add a generated collection of N products (large-collection tests)
  --restore-rate N         points restored per second (default 100)
  --bucket-size N          bucket size in points (default 2000)
  --persist FILE           keep the store in FILE (loaded from it when it exists)
  --token TOKEN            accepted X-Shopify-Access-Token (repeatable; default shpat_local_fitting_room_demo)
  --media-processing-ms N  simulated media processing time (default 150)
  --bulk-delay-ms N        delay before a bulk operation runs (default 100)
  --public-url URL         base URL written into image/upload/bulk URLs
  --token-ttl-s N          lifetime of the expiring offline tokens that token exchange (expiring=1) and
                           refresh grants issue, seconds (default 3600, Shopify's); --token values never expire
  --api-key KEY            the app's API key: token grants from another client id are refused
  --api-secret SECRET      the app's API secret: token grants must present it, session tokens must be
                           signed with it, webhooks are signed with it (or env LOCAL_ADMIN_API_SECRET)
  --webhook-url URL        send products/create and products/update webhooks (product created, updated,
                           its media changed, or added to a collection) as Shopify does: POST of the REST
                           product JSON with X-Shopify-Topic, -Shop-Domain, -Hmac-Sha256 (signed with the
                           API secret, required), -Webhook-Id, -API-Version. "{topic}" in URL is replaced
                           by the topic, else "/<topic>" is appended (e.g. http://localhost:3001/webhooks)
  --help`;

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number (got "${value}").`);
    process.exit(2);
  }
  return n;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  const n = number(name, value, fallback);
  if (n <= 0) {
    console.error(`--${name} must be greater than 0 (got "${value}").`);
    process.exit(2);
  }
  return n;
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      seed: { type: "string" },
      generate: { type: "string" },
      "restore-rate": { type: "string" },
      "bucket-size": { type: "string" },
      persist: { type: "string" },
      token: { type: "string", multiple: true },
      "media-processing-ms": { type: "string" },
      "bulk-delay-ms": { type: "string" },
      "public-url": { type: "string" },
      "token-ttl-s": { type: "string" },
      "api-key": { type: "string" },
      "api-secret": { type: "string" },
      "webhook-url": { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const seedArg = values.seed ?? "demo";
  if (seedArg !== "demo" && seedArg !== "empty" && !existsSync(seedArg)) {
    console.error(`--seed must be demo, empty or an existing JSON file (no file at "${seedArg}").`);
    process.exit(2);
  }
  const generate = values.generate ? number("generate", values.generate, 0) : 0;
  let seed: SeedOption = seedArg;
  if (generate > 0) {
    if (seedArg !== "demo" && seedArg !== "empty") {
      console.error("--generate works with --seed demo or empty.");
      process.exit(2);
    }
    seed = { base: seedArg, generate: { collectionSize: generate } };
  }

  const apiSecret = values["api-secret"] ?? process.env.LOCAL_ADMIN_API_SECRET;
  if (values["webhook-url"]) {
    if (!apiSecret) {
      console.error("--webhook-url needs the app's API secret to sign webhooks: --api-secret SECRET or env LOCAL_ADMIN_API_SECRET.");
      process.exit(2);
    }
    if (!/^https?:\/\/[^\s]+$/.test(values["webhook-url"])) {
      console.error(`--webhook-url must be an http(s) URL (got "${values["webhook-url"]}").`);
      process.exit(2);
    }
  }
  const api = await start({
    port: number("port", values.port, 4020),
    host: values.host,
    seed,
    restoreRate: number("restore-rate", values["restore-rate"], 100),
    bucketSize: number("bucket-size", values["bucket-size"], 2000),
    persistPath: values.persist,
    accessTokens: values.token,
    mediaProcessingMs: number("media-processing-ms", values["media-processing-ms"], 150),
    bulkDelayMs: number("bulk-delay-ms", values["bulk-delay-ms"], 100),
    publicUrl: values["public-url"],
    tokenTtlS: positive("token-ttl-s", values["token-ttl-s"], 3600),
    apiKey: values["api-key"],
    // A secret on the command line shows in `ps`; the environment variable keeps it out.
    apiSecret,
    webhookUrl: values["webhook-url"],
    log: (line) => console.log(`[local-admin] ${line}`),
  });
  const collections = [...api.store.collections.values()].map((c) => `    ${c.id}  ${c.title} (${c.productIds.length} products)`).join("\n");
  console.log(`[local-admin] Shop ${api.store.shop.myshopifyDomain}
[local-admin] GraphQL   ${api.graphqlUrl}
[local-admin] Token     X-Shopify-Access-Token: ${api.accessToken}
[local-admin] App env   LOCAL_ADMIN_API_URL=${api.url}
[local-admin] Collections (gid://shopify/Collection/<id>):
${collections}
[local-admin] Webhooks  ${api.webhooks.target ? `products/create, products/update → ${api.webhooks.target.url}` : "off (--webhook-url)"}
[local-admin] Products  ${api.store.products.size}${api.store.products.has(DEMO_IDS.products.linenMidiDress) ? " (demo: gid://shopify/Product/1001 … 1048)" : ""}`);

  const stop = async () => {
    await api.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`[local-admin] ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
