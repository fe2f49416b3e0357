import { useEffect } from "react";

/**
 * Polaris 13 marks a half-selected checkbox (an index table's "select all" while some rows are
 * selected) with aria-checked="mixed" and an `indeterminate` HTML attribute, but never sets the input's
 * `indeterminate` property: screen readers then hear "mixed" from ARIA and "not checked" from the input
 * (axe: aria-conditional-attr, serious). This keeps the property in step with Polaris' own state.
 */
export function IndeterminateCheckboxes() {
  useEffect(() => {
    const sync = () => {
      document.querySelectorAll<HTMLInputElement>("input.Polaris-Checkbox__Input[type=checkbox]").forEach((input) => {
        const mixed = input.getAttribute("aria-checked") === "mixed";
        if (input.indeterminate !== mixed) input.indeterminate = mixed;
      });
    };
    sync();
    const observer = new MutationObserver(sync);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-checked"] });
    return () => observer.disconnect();
  }, []);
  return null;
}
