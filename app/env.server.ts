import { z } from "zod";

/**
 * Every environment variable the app reads, parsed once at boot. A bad or missing variable stops the
 * app with a message naming it (no `|| ""` fallbacks that hide misconfiguration).
 */
const hex64 = /^[0-9a-fA-F]{64}$/;

/**
 * How long a process that received SIGTERM/SIGINT lets try-on work in flight finish before it exits,
 * ms (default 25000: inside the 30 s most platforms wait before SIGKILL). Work not started by then is
 * given back at once; a step still running at the end is picked up again when its lease expires.
 */
const shutdownGraceSchema = z.coerce
  .number({ error: "SHUTDOWN_GRACE_MS must be a number of milliseconds, e.g. 25000" })
  .int("SHUTDOWN_GRACE_MS must be a whole number of milliseconds")
  .min(0, "SHUTDOWN_GRACE_MS must be at least 0")
  .max(600_000, "SHUTDOWN_GRACE_MS must be at most 600000 (10 minutes)")
  .default(25_000);

/**
 * SHUTDOWN_GRACE_MS on its own (the worker and the web process read it without the rest of the env).
 * Throws with the variable's name when it is not a valid number of milliseconds.
 */
export function shutdownGraceMs(raw: string | undefined = process.env.SHUTDOWN_GRACE_MS): number {
  const parsed = shutdownGraceSchema.safeParse(raw === "" ? undefined : raw);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "SHUTDOWN_GRACE_MS is not valid");
  return parsed.data;
}

/**
 * The colour-fidelity check of try-on results (issue 15.3; app/pipeline/colour-check.server.ts). Also
 * read by the pipeline's own wiring (deps.server.ts), which runs outside the web process too.
 */
export const colourCheckEnvSchema = z.object({
  /** "on" (default) compares each result's garment colour with the flat lay's; "off" skips it. */
  COLOUR_CHECK: z.enum(["on", "off"], { error: 'COLOUR_CHECK must be "on" or "off"' }).default("on"),
  /** CIEDE2000 above which a result is marked "colour may differ"; default 9 (docs/benchmarks.md). */
  COLOUR_CHECK_DELTA_E: z.coerce
    .number({ error: "COLOUR_CHECK_DELTA_E must be a number such as 9" })
    .min(1, "COLOUR_CHECK_DELTA_E must be between 1 and 50")
    .max(50, "COLOUR_CHECK_DELTA_E must be between 1 and 50")
    .default(9),
});

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    SHOPIFY_API_KEY: z.string().min(1, "SHOPIFY_API_KEY is required (the app's client id from the Partner dashboard)"),
    SHOPIFY_API_SECRET: z.string().min(1, "SHOPIFY_API_SECRET is required (the app's client secret)"),
    SHOPIFY_APP_URL: z.url("SHOPIFY_APP_URL must be the app's public https URL, e.g. https://fitting-room.example.com"),
    SCOPES: z.string().default("read_products,write_products,write_files"),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    DATABASE_URL: z
      .string()
      .default("file:./prisma/dev.sqlite")
      .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), {
        message: "DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)",
      }),
    /** 32-byte key, 64 hex characters, that encrypts provider credentials at rest (AES-256-GCM). */
    ENCRYPTION_KEY: z
      .string()
      .regex(hex64, "ENCRYPTION_KEY must be 64 hex characters (32 bytes); make one with: openssl rand -hex 32"),
    /** Optional shared queue for several app instances (BullMQ). Without it the in-process runner is used. */
    REDIS_URL: z.string().regex(/^rediss?:\/\//, "REDIS_URL must start with redis:// or rediss://").optional(),
    /** Overrides the Aidge host (https://api.aidc-ai.com); e.g. http://127.0.0.1:4010 for the local service. */
    AIDGE_BASE_URL: z.url("AIDGE_BASE_URL must be a URL such as http://127.0.0.1:4010").optional(),
    /**
     * Provider credentials used for any shop that has not saved its own (local try-on service,
     * development and tests only). Refused when NODE_ENV=production: there they would bill every
     * shop's try-ons to one account.
     */
    AIDGE_APP_KEY: z.string().optional(),
    AIDGE_APP_SECRET: z.string().optional(),
    /** Rewrites https://{shop}/admin/... to a local Admin API. Development and tests only. */
    LOCAL_ADMIN_API_URL: z.url("LOCAL_ADMIN_API_URL must be a URL such as http://127.0.0.1:4020").optional(),
    /** Local App Bridge stand-in for the offline demo and browser tests. */
    APP_BRIDGE_URL: z.string().optional(),
    /** Run the in-process try-on runner inside the web process (default on). */
    RUNNER: z.enum(["inline", "off"]).default("inline"),
    /**
     * Background work renews a shop's expiring offline Admin token this long before it expires, ms
     * (default 600000 = 10 minutes; Shopify's tokens last an hour). Renewal needs SHOPIFY_API_KEY and
     * SHOPIFY_API_SECRET in every process that runs jobs (web, worker, ops).
     */
    ADMIN_TOKEN_REFRESH_MARGIN_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    SHUTDOWN_GRACE_MS: shutdownGraceSchema,
    ...colourCheckEnvSchema.shape,
    /** Minutes between sweeps for products that joined "Try on new products" collections without a webhook; 0 = off. */
    AUTO_TRYON_SWEEP_MINUTES: z.coerce
      .number({ error: "AUTO_TRYON_SWEEP_MINUTES must be a number of minutes such as 60" })
      .min(0, "AUTO_TRYON_SWEEP_MINUTES must be from 0 (off) to 1440")
      .max(1440, "AUTO_TRYON_SWEEP_MINUTES must be from 0 (off) to 1440")
      .default(60),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && env.LOCAL_ADMIN_API_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["LOCAL_ADMIN_API_URL"],
        message: "LOCAL_ADMIN_API_URL is a development stand-in and is refused when NODE_ENV=production; unset it",
      });
    }
    if (env.NODE_ENV === "production") {
      for (const name of ["AIDGE_APP_KEY", "AIDGE_APP_SECRET"] as const) {
        if (env[name]) {
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: `${name} (credentials shared by every shop without its own) is refused when NODE_ENV=production; unset it — each shop saves its own App Key and secret in Settings`,
          });
        }
      }
    }
    if (env.NODE_ENV === "production" && env.APP_BRIDGE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["APP_BRIDGE_URL"],
        message: "APP_BRIDGE_URL (the local App Bridge stand-in) is refused when NODE_ENV=production; unset it",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Formats zod issues as one line per variable, naming it and the fix. */
export function describeEnvErrors(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const name = issue.path.join(".") || "(environment)";
      return `  ${name}: ${issue.message}`;
    })
    .join("\n");
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new Error(`Fitting Room cannot start: invalid environment\n${describeEnvErrors(result.error)}`);
  }
  return result.data;
}

let cached: Env | undefined;
/** The parsed environment; parsing happens on first use (at boot, from shopify.server.ts). */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
