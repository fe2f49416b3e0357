/**
 * The one place that turns developer text into merchant text (issue 17.7). Plain data, no React: used by
 * actions (form errors, caught exceptions), loaders and components (stored job messages), and by
 * tests/ui/merchant-ux.test.ts, which renders every page and error path and fails on DEVELOPER_TEXT.
 *
 * What never reaches a merchant: database/library names (Prisma, zod), Prisma's P20xx codes, zod's own
 * messages ("Too big: expected string to have <=100 characters"), field paths ("model.base",
 * "settings.generateCount", "imageIds.3"), bare codes ("(code 707)", "[700]", "Code: 700"), request ids.
 */

/** Developer vocabulary in visible text. Each alternative is one kind of leak. */
export const DEVELOPER_TEXT =
  /\b[Pp]risma\b|\b[Zz]od\b|ZodError|\bP[12]\d{3}\b|Too (?:big|small): expected|Invalid (?:input|option): expected|expected (?:string|number|array|object|boolean)\b|Unrecognized key|\b(?:model|settings|overrides|clothesList|requestParams|form)\.[a-zA-Z]+\b|\b[a-z]+[A-Z][a-zA-Z]*\.\d+\b|\([Cc]ode[: ]+[\w-]+\)|\bCode: \w+|\[(?:\d{3,4}|[A-Z][a-zA-Z]+)\]|\(request [\w-]+\)|\bundefined\b|\[object Object\]|\bNaN\b|at [\w.$<>]+ \(.*:\d+:\d+\)|\bSQLITE_[A-Z_]+\b|docs['’] example/;

/** True when `text` would show a merchant developer vocabulary. */
export function hasDeveloperText(text: string): boolean {
  return DEVELOPER_TEXT.test(text);
}

/** The sentence shown instead of a message that cannot be made plain. */
export const GENERIC_FAILURE = "Something went wrong on our side. Try again; if it keeps happening, contact support with the time it happened.";

/**
 * A message for a merchant: codes and request ids trimmed off; anything still technical (a database or
 * library error) replaced by `fallback`.
 */
export function merchantText(message: string | null | undefined, fallback: string = GENERIC_FAILURE): string {
  if (!message) return fallback;
  const trimmed = message
    .replace(/\s*\((?:code|error code)[: ]+[\w-]+\)/gi, "")
    .replace(/\s*\(request [\w-]+\)/gi, "")
    .replace(/^\[[\w-]+\]\s*/, "")
    .trim();
  if (!trimmed || hasDeveloperText(trimmed)) return fallback;
  return trimmed;
}

/** "dailyImageCap" → "Daily image cap"; "imageIds.3" → "Image ids" (labels win when given). */
export function fieldLabel(field: string, labels: Record<string, string> = {}): string {
  const path = field.split(".").filter((p) => !/^\d+$/.test(p));
  const last = path[path.length - 1] ?? field;
  const key = path.join(".");
  if (labels[key]) return labels[key];
  if (labels[last]) return labels[last];
  if (COMMON_LABELS[last]) return COMMON_LABELS[last];
  const words = last.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const COMMON_LABELS: Record<string, string> = {
  intent: "Action",
  imageIds: "Images",
  productIds: "Products",
  garmentMediaId: "Garment image",
  base: "Model library",
  name: "Library model",
  form: "Form",
  settings: "Settings",
};

/** The parts of a zod issue this module reads (zod 4's `$ZodIssue`, kept structural). */
export interface IssueLike {
  code: string;
  message: string;
  path: PropertyKey[];
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  format?: string;
  values?: unknown[];
  keys?: string[];
}

/** zod's own default messages start like this; schema-written messages are already merchant text. */
const LIBRARY_MESSAGE = /^(Too (big|small)|Invalid|Unrecognized|Expected|Required)\b/;

/**
 * One issue in merchant words. Schema-written messages are kept; zod's defaults are rewritten by kind.
 * A number past the safe-integer range (e.g. 99999999999999999999) reads "is too large", not "must be
 * a whole number" (issue 17.9).
 */
export function merchantIssueMessage(issue: IssueLike): string {
  if (issue.origin === "int" && (issue.code === "too_big" || issue.code === "too_small")) return issue.code === "too_big" ? "is too large" : "is too small";
  if (!LIBRARY_MESSAGE.test(issue.message)) return merchantText(issue.message, "is not valid");
  switch (issue.code) {
    case "too_big":
      if (issue.origin === "string") return `is too long (at most ${String(issue.maximum)} characters)`;
      if (issue.origin === "array" || issue.origin === "set") return `has too many entries (at most ${String(issue.maximum)})`;
      return `is too large (at most ${String(issue.maximum)})`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "is required" : `is too short (at least ${String(issue.minimum)} characters)`;
      if (issue.origin === "array" || issue.origin === "set") return Number(issue.minimum) <= 1 ? "choose at least one" : `needs at least ${String(issue.minimum)} entries`;
      return `is too small (at least ${String(issue.minimum)})`;
    case "invalid_value":
      return "is not one of the choices offered";
    case "invalid_format":
      return issue.format === "url" ? "must be a web address starting with https://" : "is not in the expected format";
    case "unrecognized_keys":
      return "is not a setting Fitting Room knows";
    case "invalid_type":
      return "is missing or not valid";
    default:
      return "is not valid";
  }
}

/**
 * Issues per field (first plain message per field): where a field has both an int-range issue and a
 * number-range issue, the number's ("must be at most 100000") wins, since it says what to type.
 */
export function merchantFieldErrors(issues: IssueLike[], keyOf: (issue: IssueLike) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  const ranked = [...issues].sort((a, b) => Number(a.origin === "int") - Number(b.origin === "int"));
  for (const issue of ranked) errors[keyOf(issue)] ??= merchantIssueMessage(issue);
  return errors;
}
