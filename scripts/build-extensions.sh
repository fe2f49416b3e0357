#!/usr/bin/env bash
# Builds the admin UI extensions with `shopify app build` (@shopify/cli 3.94.3) — offline, no Partner
# login — and checks that every extension under extensions/*/shopify.extension.toml produced its bundle
# within Shopify's 64 KB (compressed) limit. Called by .ci/run; takes a few seconds.
#
# What makes the CLI work offline (see docs/decisions/0007-admin-extensions-and-api.md):
#   - shopify.app.toml carries a client_id, so `app build` never asks to link an app (no login);
#   - --skip-dependencies-installation: the extensions use the root node_modules, no npm install;
#   - SHOPIFY_CLI_NO_ANALYTICS=1 and CI=1: no analytics upload, no prompts, no upgrade nag.
# When the kernel allows an unprivileged network namespace (`unshare -rn`), the build runs inside one
# with no network at all, so a future CLI change that needs the network fails here, not in production.
set -euo pipefail
cd "$(dirname "$0")/.."

export SHOPIFY_CLI_NO_ANALYTICS=1 CI=1
LIMIT_BYTES=$((64 * 1024))

mapfile -t tomls < <(ls extensions/*/shopify.extension.toml 2>/dev/null || true)
if [ ${#tomls[@]} -eq 0 ]; then
  echo "build-extensions: no extensions/*/shopify.extension.toml found" >&2
  exit 1
fi

# Remove old bundles so a stale dist/ cannot pass the checks below.
for toml in "${tomls[@]}"; do rm -rf "$(dirname "$toml")/dist"; done

cli=(node_modules/.bin/shopify app build --skip-dependencies-installation --path .)
if unshare -rn true >/dev/null 2>&1; then
  echo "build-extensions: building without network (unshare -rn)"
  unshare -rn "${cli[@]}"
else
  echo "build-extensions: building (network isolation unavailable here)"
  "${cli[@]}"
fi

status=0
for toml in "${tomls[@]}"; do
  dir=$(dirname "$toml")
  handle=$(sed -n 's/^handle *= *"\(.*\)"/\1/p' "$toml" | head -1)
  bundle="$dir/dist/$handle.js"
  if [ ! -s "$bundle" ]; then
    echo "build-extensions: $handle did not produce $bundle" >&2
    status=1
    continue
  fi
  size=$(gzip -c "$bundle" | wc -c)
  if [ "$size" -gt "$LIMIT_BYTES" ]; then
    echo "build-extensions: $handle is $size bytes compressed; Shopify's limit is $LIMIT_BYTES" >&2
    status=1
  else
    echo "build-extensions: $handle ok ($size bytes compressed)"
  fi
done
exit $status
