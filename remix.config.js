/**
 * Remix classic compiler (see docs/decisions/0001-remix-classic-compiler.md for why, and the path
 * to Vite and React Router).
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  // Polaris ships its locale JSON as ESM-incompatible imports; bundling them keeps SSR working.
  serverDependenciesToBundle: [/^@shopify\/polaris\/locales/],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
