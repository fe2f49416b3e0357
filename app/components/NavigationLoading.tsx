import { useEffect } from "react";
import { useNavigation } from "@remix-run/react";
import { setLoading } from "./app-bridge";

/** Shows the admin's loading bar (App Bridge `shopify.loading`) while a page loads or a form submits. */
export function NavigationLoading() {
  const busy = useNavigation().state !== "idle";
  useEffect(() => {
    setLoading(busy);
  }, [busy]);
  return null;
}
