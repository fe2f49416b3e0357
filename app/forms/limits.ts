/**
 * Limits shared by the pages' forms and the admin extensions' JSON contract, kept here (not in the
 * contract) so that forms never import the extension API that imports them.
 */

/** Most products one selection (product-list bulk action, Products page) may start at once. */
export const MAX_SELECTION = 250;
