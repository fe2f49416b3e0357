/**
 * npm run local:tryon -- --port 4010 [--task-ms 3000] [--submit-qps 5] [--query-qps 20] [--fault-rate 0]
 *                        [--fault-codes 500,501,1001] [--host 127.0.0.1] [--max-clock-skew-ms 300000] [--quota N] [--result-ttl-ms 86400000] [--quiet]
 * Credentials: AIDGE_APP_KEY / AIDGE_APP_SECRET, else local defaults (printed at start).
 */
import { parseArgs } from "node:util";
import { RANDOM_FAULT_CODES } from "./faults";
import { start } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    "task-ms": { type: "string", default: "3000" },
    "submit-qps": { type: "string", default: "5" },
    "query-qps": { type: "string", default: "20" },
    "fault-rate": { type: "string", default: "0" },
    "fault-codes": { type: "string" },
    "max-clock-skew-ms": { type: "string", default: "300000" },
    quota: { type: "string" },
    "result-ttl-ms": { type: "string", default: "86400000" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
  strict: true,
});

if (values.help) {
  console.log("Usage: npm run local:tryon -- --port 4010 [--task-ms 3000] [--submit-qps 5] [--query-qps 20] [--fault-rate 0] [--fault-codes 500,501,1001] [--host 127.0.0.1] [--max-clock-skew-ms 300000] [--quota N] [--result-ttl-ms 86400000] [--quiet]");
  process.exit(0);
}

function num(name: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`--${name} must be a number from ${min} to ${max} (got "${raw}")`);
    process.exit(2);
  }
  return n;
}

function codes(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const list = raw.split(",").map((c) => Number(c.trim()));
  const allowed: readonly number[] = RANDOM_FAULT_CODES;
  if (!list.length || list.some((c) => !allowed.includes(c))) {
    console.error(`--fault-codes must be a comma-separated list of ${RANDOM_FAULT_CODES.join(", ")} (got "${raw}")`);
    process.exit(2);
  }
  return list;
}

const service = await start({
  port: num("port", values.port, 0, 65535),
  host: values.host,
  taskMs: num("task-ms", values["task-ms"], 0, 3_600_000),
  submitQps: num("submit-qps", values["submit-qps"], 0, 1_000_000),
  queryQps: num("query-qps", values["query-qps"], 0, 1_000_000),
  faultRate: num("fault-rate", values["fault-rate"], 0, 1),
  faultCodes: codes(values["fault-codes"]),
  maxClockSkewMs: num("max-clock-skew-ms", values["max-clock-skew-ms"], 0, 86_400_000),
  resultTtlMs: num("result-ttl-ms", values["result-ttl-ms"], 1, 365 * 86_400_000),
  ...(values.quota !== undefined ? { quota: num("quota", values.quota, 0, 1e12) } : {}),
  log: values.quiet ? undefined : (line) => console.log(`[tryon] ${line}`),
});

console.log(`Local try-on service (stand-in for Aidge Virtual Try-on) listening on ${service.url}`);
console.log(`  AIDGE_BASE_URL=${service.url}`);
console.log(`  AIDGE_APP_KEY=${service.appKey}`);
// A secret from the environment may be real: show only its start. The local default is printed whole.
const shownSecret = process.env.AIDGE_APP_SECRET ? `${service.appSecret.slice(0, 4)}… (from the environment)` : `${service.appSecret}  (local default; set AIDGE_APP_KEY / AIDGE_APP_SECRET to change)`;
console.log(`  AIDGE_APP_SECRET=${shownSecret}`);
console.log(`  task ${values["task-ms"]} ms · submit ${values["submit-qps"]}/s · query ${values["query-qps"]}/s · fault rate ${values["fault-rate"]}${values["fault-codes"] ? ` (codes ${values["fault-codes"]})` : ""} · result links live ${values["result-ttl-ms"]} ms`);
console.log(`  metrics: ${service.url}/__metrics · fault markers in the garment URL: fault=500|501|801|1000|1001|1002[xN][-submit|-query], fault=recolor`);

const stop = async () => {
  await service.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
