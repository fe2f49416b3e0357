import { useEffect } from "react";
import { useRevalidator } from "@remix-run/react";

/**
 * Live progress without a reload: while `active`, re-runs the page's loaders every `intervalMs`
 * (only when the tab is visible and no revalidation is already in flight). Pages turn it on while a
 * run is planning or running and it stops by itself when the loader says nothing is active.
 */
export function useLiveRevalidation(active: boolean, intervalMs = 2000): void {
  const revalidator = useRevalidator();
  const { revalidate, state } = revalidator;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && state === "idle") revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, revalidate, state]);
}
