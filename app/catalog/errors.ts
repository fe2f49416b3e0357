/**
 * Catalog errors: one base class, a subclass per kind of failure. Callers branch with `instanceof`.
 * Throttling is not an error here: the pacer waits it out.
 */
import type { GraphQLErrorLike } from "./transport";

export class CatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The Admin API answered with GraphQL errors (bad field, access denied, max cost exceeded…). */
export class AdminGraphQLError extends CatalogError {
  readonly errors: GraphQLErrorLike[];
  /** First error code, e.g. ACCESS_DENIED, MAX_COST_EXCEEDED, INTERNAL_SERVER_ERROR. */
  readonly code?: string;
  constructor(operation: string, errors: GraphQLErrorLike[]) {
    const first = errors[0];
    super(`${operation} failed: ${errors.map((e) => e.message).join("; ")}`);
    this.errors = errors;
    this.code = first?.extensions?.code;
  }
}

/** A mutation returned `userErrors` (the input was refused). */
export class CatalogUserError extends CatalogError {
  readonly userErrors: Array<{ field?: ReadonlyArray<string> | null; message: string; code?: string | null }>;
  constructor(operation: string, userErrors: CatalogUserError["userErrors"]) {
    super(`${operation} was refused by Shopify: ${userErrors.map((e) => (e.field?.length ? `${e.field.join(".")}: ` : "") + e.message).join("; ")}`);
    this.userErrors = userErrors;
  }
}

/** A product, collection or medium that does not exist (or is not visible to the app). */
export class CatalogNotFoundError extends CatalogError {
  readonly id: string;
  constructor(kind: string, id: string) {
    super(`The ${kind} ${id} was not found in the shop; it may have been deleted.`);
    this.id = id;
  }
}

/** A bulk operation ended FAILED/CANCELED/EXPIRED, or did not finish before the deadline. */
export class CatalogBulkOperationError extends CatalogError {
  readonly status: string;
  readonly errorCode?: string | null;
  constructor(message: string, status: string, errorCode?: string | null) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}

/** Uploading bytes to a staged upload target failed. */
export class CatalogUploadError extends CatalogError {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** The pacer gave up after waiting out throttling for longer than its limit (default 10 minutes). */
export class CatalogThrottleTimeoutError extends CatalogError {}

/**
 * The shop has no usable offline Admin API session: uninstalled, or its refresh token was refused
 * (only the merchant opening the app can issue a new pair). Background work fails with NO_SESSION.
 */
export class MissingSessionError extends Error {
  constructor(shop: string, why = "there is no offline session") {
    super(`Fitting Room cannot reach ${shop}'s Shopify admin (${why}). Open the app from the Shopify admin to reconnect it, then retry.`);
    this.name = "MissingSessionError";
  }
}
