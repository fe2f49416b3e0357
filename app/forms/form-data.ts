import * as z from "zod";
import { BodyTooLargeError, formatBytes, readBodyWithin } from "./body-limit";
import { fieldLabel, merchantFieldErrors } from "./merchant-text";

/**
 * Shared helpers for the app's forms: every page has ONE zod schema (in app/forms/), used by the page
 * (field names, client hints) and by its action (parse, 400 with field errors). Field errors are keyed
 * by the form field's name so Polaris fields can show them next to the input.
 */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; formError: string };

/**
 * FormData → plain object (repeated names become arrays), in one pass: each value is appended to its
 * name's array in place. (The first version copied the array for every repeat, so 40,000 repeats of
 * one name cost 53 s of CPU.) Hand-written rather than Conform's `parseWithZod` (@conform-to/zod
 * 1.21): Conform builds repeated names with `prev.concat(next)`, the same quadratic copy, and its
 * automatic coercion turns "" into "absent", while our settings forms use "" for "inherit". A Map,
 * then Object.fromEntries, so a field named "__proto__" is an ordinary key.
 */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [key, raw] of formData.entries()) {
    const value = typeof raw === "string" ? raw : raw.name;
    const prev = out.get(key);
    if (prev === undefined) out.set(key, value);
    else if (Array.isArray(prev)) prev.push(value);
    else out.set(key, [prev, value]);
  }
  return Object.fromEntries(out);
}

/**
 * Field errors keyed by the form field's name, in merchant words (forms/merchant-text): zod's own
 * messages rewritten, list positions dropped ("imageIds.3" is the "imageIds" field).
 */
export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  return merchantFieldErrors(error.issues, (issue) => {
    // Settings fields are validated under `settings` but named plainly in the form.
    const path = issue.path[0] === "settings" ? issue.path.slice(1) : issue.path;
    return path.filter((p) => typeof p !== "number").map(String)[0] ?? "form";
  });
}

/** "Images per product: must be at most 8" — one sentence for a banner, naming each field in words. */
export function describeFieldErrors(errors: FieldErrors, labels: Record<string, string> = {}): string {
  return Object.entries(errors)
    .map(([field, message]) => (field === "form" ? message : `${fieldLabel(field, labels)}: ${message}`))
    .join(" · ");
}

export function parseForm<S extends z.ZodType>(schema: S, input: FormData | Record<string, unknown>, labels: Record<string, string> = {}): FormResult<z.output<S>> {
  const object = input instanceof FormData ? formDataToObject(input) : input;
  const result = schema.safeParse(object);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors = fieldErrorsFrom(result.error);
  return { ok: false, fieldErrors, formError: `Please fix: ${describeFieldErrors(fieldErrors, labels)}` };
}

/** A checkbox: present ("on", "true", "1") = true, absent or "false" = false. */
export const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

/**
 * A list field sent as repeated names or one comma/space separated string, with at least one and at
 * most `max` entries of at most 100 characters each (every list a form takes is bounded).
 */
export const idList = (message: string, max: number, tooMany: string) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v : typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : []),
    z.array(z.string().min(1).max(100, "must be ids of at most 100 characters")).min(1, message).max(max, tooMany),
  );

/** Shopify ids are gids; pages and forms accept only the kind they expect. */
export const gid = (kind: string) =>
  z.string().regex(new RegExp(`^gid://shopify/${kind}/\\d{1,20}$`), `must be a Shopify ${kind} id like gid://shopify/${kind}/123`);

/** How much one form may send: bytes of the whole body and number of fields. */
export interface FormLimits {
  maxBytes: number;
  maxFields: number;
}

/**
 * Every page form. The largest legitimate one (250 product ids, or 500 image ids on the review page)
 * is about 25 KB and 501 fields.
 */
export const FORM_LIMITS: FormLimits = { maxBytes: 64 * 1024, maxFields: 1000 };

/**
 * The multipart form carrying model photos (Collection page, intent "uploadPhoto"): the intent and at
 * most 8 photos (components/ModelPhotos MAX_MODEL_PHOTOS) of at most 20 MB each (read-models/runs
 * MAX_PHOTO_BYTES), plus room for the multipart headers.
 */
export const UPLOAD_FORM_LIMITS: FormLimits = { maxBytes: 8 * 20 * 1024 * 1024 + 64 * 1024, maxFields: 1 + 8 };

/** The merchant's words for a refused form (413). */
export function formTooLargeMessage(error: BodyTooLargeError): string {
  return error.kind === "fields"
    ? `This form sent more than ${error.limit} fields, the most Fitting Room accepts at once. Select fewer products or images (photos: at most 8) and try again.`
    : `This form is larger than ${formatBytes(error.limit)}, the most Fitting Room accepts at once. Select fewer products or images (photos: at most 8 of 20 MB each) and try again.`;
}

/**
 * The request's form body, within limits: past `maxBytes` (counted while reading, with or without
 * Content-Length) or `maxFields`, the action is answered 413 with a plain sentence saying what to send
 * instead (a thrown Response: Remix answers it as is). `uploads` (the Collection page's photo upload)
 * raises the limits for multipart bodies only; url-encoded forms keep FORM_LIMITS.
 *
 * A body that is not a form (JSON, plain text, broken multipart) reads as an empty form, so the page's
 * schema answers 400 naming the missing fields instead of the action failing with a 500 (found by
 * tests/security/fuzz.test.ts).
 */
export async function readForm(request: Request, options: { uploads?: FormLimits } = {}): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  const limits = options.uploads && /^multipart\/form-data/i.test(type) ? options.uploads : FORM_LIMITS;
  try {
    const bytes = await readBodyWithin(request, limits.maxBytes);
    let formData: FormData;
    try {
      formData = await new Request(request.url, { method: "POST", headers: type ? { "Content-Type": type } : {}, body: bytes }).formData();
    } catch {
      return new FormData();
    }
    let fields = 0;
    for (const _key of formData.keys()) {
      if (++fields > limits.maxFields) throw new BodyTooLargeError("fields", limits.maxFields, `more than ${limits.maxFields} fields`);
    }
    return formData;
  } catch (error) {
    // A body that cannot be read (client gone, already read) is an empty form, like a non-form body.
    if (!(error instanceof BodyTooLargeError)) return new FormData();
    throw new Response(formTooLargeMessage(error), { status: 413, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/**
 * The start forms' hidden idempotency key (one per page visit): a double click, a resubmit or a second
 * tab of the same visit sends the same key and gets the same run.
 */
export const idempotencyKeyField = z
  .string()
  .trim()
  .max(200, "must be at most 200 characters")
  .regex(/^[\x21-\x7e]*$/, "must be printable ASCII without spaces")
  .optional()
  .transform((v) => v || undefined);
