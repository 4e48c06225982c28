#!/usr/bin/env bash
# Prints the versioned cache directory that holds the test cluster's binaries.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"
echo "${BATON_CACHE:-$HOME/.cache/baton}/cluster-k8s-$KUBE_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION/bin"
