#!/usr/bin/env bash
# Builds the console's page into $1 (the operator's target/classes/console-ui): installs the npm packages
# package-lock.json pins (from npm's cache when it has them, so later builds work offline), then esbuild.
# Run by the operator's Maven build (exec-maven-plugin); -Dbaton.console.skipUi=true skips it.
set -euo pipefail
cd "$(dirname "$0")"
out=${1:?usage: build.sh OUTPUT_DIRECTORY}
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "building the console needs node and npm (apt-get install nodejs npm), or -Dbaton.console.skipUi=true" >&2; exit 1; }
# The lock file's hash, kept in node_modules once installed: the same hash means nothing to install.
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.baton-lock-sha256 2>/dev/null)" != "$want" ]; then
  npm ci --prefer-offline --no-audit --no-fund --loglevel=error
  echo "$want" > node_modules/.baton-lock-sha256
fi
node build.mjs "$out"
