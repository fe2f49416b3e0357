import { useEffect, type ReactNode } from "react";
import { Link, useNavigate } from "@remix-run/react";
import { AppProvider as PolarisAppProvider } from "@shopify/polaris";
import type { LinkLikeComponentProps } from "@shopify/polaris/build/ts/src/utilities/link";
import enTranslations from "@shopify/polaris/locales/en.json";

/**
 * What `AppProvider` from @shopify/shopify-app-remix/react does (App Bridge script + Polaris with Remix
 * links + App Bridge navigation events), written out here because that module imports its locale JSON
 * with an import attribute (`with { type: "json" }`) that the Remix classic compiler's esbuild cannot
 * parse (ADR 0001). Drop this for the library's AppProvider when moving to Vite.
 */
function RemixPolarisLink({ url, children, external, ...rest }: LinkLikeComponentProps) {
  if (external || /^https?:\/\//.test(url)) {
    return (
      <a href={url} target="_top" rel="noreferrer" {...rest}>
        {children}
      </a>
    );
  }
  return (
    <Link to={url} {...rest}>
      {children}
    </Link>
  );
}

const SHOPIFY_APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

export function EmbeddedAppProvider({
  apiKey,
  appBridgeUrl,
  children,
}: {
  apiKey: string;
  /** Only set in demo and test mode (the local App Bridge stand-in); production uses Shopify's CDN. */
  appBridgeUrl?: string | null;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  useEffect(() => {
    const onNavigate = (event: Event) => {
      const href = (event.target as HTMLElement | null)?.getAttribute("href");
      if (href) navigate(href);
    };
    addEventListener("shopify:navigate", onNavigate);
    return () => removeEventListener("shopify:navigate", onNavigate);
  }, [navigate]);
  return (
    <>
      <script src={appBridgeUrl ?? SHOPIFY_APP_BRIDGE_URL} data-api-key={apiKey} />
      <PolarisAppProvider i18n={enTranslations} linkComponent={RemixPolarisLink}>
        {children}
      </PolarisAppProvider>
    </>
  );
}
