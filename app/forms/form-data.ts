import * as z from "zod";

/**
 * Shared helpers for the app's forms: every page has ONE zod schema (in app/forms/), used by the page
 * (field names, client hints) and by its action (parse, 400 with field errors). Field errors are keyed
 * by the form field's name so Polaris fields can show them next to the input.
 */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; formError: string };

/** FormData → plain object (repeated names become arrays). */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, raw] of formData.entries()) {
    const value = typeof raw === "string" ? raw : raw.name;
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    // Settings fields are validated under `settings` but named plainly in the form.
    const path = issue.path[0] === "settings" ? issue.path.slice(1) : issue.path;
    const key = path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** "Images per product: must be at most 8" — one sentence for a banner, naming each field. */
export function describeFieldErrors(errors: FieldErrors, labels: Record<string, string> = {}): string {
  return Object.entries(errors)
    .map(([field, message]) => `${labels[field] ?? field}: ${message}`)
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

/** A list field sent as repeated names or one comma/space separated string. */
export const idList = (message: string) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v : typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : []),
    z.array(z.string().min(1)).min(1, message),
  );

/** Shopify ids are gids; pages and forms accept only the kind they expect. */
export const gid = (kind: string) =>
  z.string().regex(new RegExp(`^gid://shopify/${kind}/\\d+$`), `must be a Shopify ${kind} id like gid://shopify/${kind}/123`);

/**
 * The request's form body. A body that is not a form (JSON, plain text, broken multipart) reads as an
 * empty form, so the page's schema answers 400 naming the missing fields instead of the action failing
 * with a 500 (found by tests/security/fuzz.test.ts).
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}
