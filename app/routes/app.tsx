import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { EmbeddedAppProvider } from "../components/EmbeddedAppProvider";
import { NavigationLoading } from "../components/NavigationLoading";
import { IndeterminateCheckboxes } from "../components/IndeterminateCheckboxes";
import { NavMenu } from "@shopify/app-bridge-react";
// Classic compiler: a plain CSS import yields the stylesheet URL (Vite would need "?url").
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import appStyles from "../components/fitting-room.css";
import { authenticate } from "../shopify.server";
import { env } from "../env.server";
import { ensureRunnerStarted } from "../read-models/pipeline.server";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: appStyles },
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  // The try-on runner (RUNNER=inline, the default) starts with the first page served; never awaited.
  void ensureRunnerStarted();
  const config = env();
  // The local App Bridge stand-in is only ever set in demo and test mode (refused in production).
  return json({ apiKey: config.SHOPIFY_API_KEY, appBridgeUrl: config.APP_BRIDGE_URL ?? null });
};

export default function App() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <EmbeddedAppProvider apiKey={apiKey} appBridgeUrl={appBridgeUrl}>
      <NavMenu>
        <Link to="/app" rel="home">Dashboard</Link>
        <Link to="/app/products">Products</Link>
        <Link to="/app/collections">Collections</Link>
        <Link to="/app/runs">Runs</Link>
        <Link to="/app/review">Review</Link>
        <Link to="/app/settings">Settings</Link>
      </NavMenu>
      <NavigationLoading />
      <IndeterminateCheckboxes />
      <Outlet />
    </EmbeddedAppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so its headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
