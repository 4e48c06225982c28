#!/usr/bin/env bash
# Installs the real node's runtime from Debian packages: containerd, runc, the CNI plugins
# (containernetworking-plugins), umoci + debootstrap for building images without a
# registry, and socat (network.sh's relay to the API server).
# Idempotent: does nothing when every package is already installed. Needs root.
#
# The packages' own services are not used (realnode/up.sh starts containerd with its own
# configuration and state directories); on a machine whose init is systemd, the Debian
# containerd service is left as the package installs it.
set -euo pipefail

packages=(containerd runc containernetworking-plugins umoci debootstrap iptables socat)

log() { echo "[realnode-install] $*" >&2; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  log "needs root to install: ${missing[*]}"
  exit 1
fi
log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
