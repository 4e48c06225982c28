#!/usr/bin/env bash
# Installs what ConsoleIT's browser tests need: Debian's chromium and chromium-driver (Selenium drives
# /usr/bin/chromedriver; nothing is downloaded at test time). Needs root for apt-get; does nothing when
# both are there. .ci/run calls it; by hand: sudo controller-tests/browser/install.sh
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "ConsoleIT needs chromium and chromium-driver: run this script as root (apt-get install)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null 2>&1 || {
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver
}
chromium --version
