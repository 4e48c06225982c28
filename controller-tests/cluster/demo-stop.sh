#!/usr/bin/env bash
# make demo-stop: removes the operator `make demo` started, whichever way it ran: `helm uninstall` of the
# release baton in baton-system (the CRDs, the demo's workflows and the operator's Lease stay), or the
# host JVM of the fallback. Idempotent; leaves the cluster running (`make cluster-down` stops it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${BATON_CACHE:-$HOME/.cache/baton}
export KUBECONFIG=${BATON_KUBECONFIG:-$state/kubeconfig}
export HELM_CONFIG_HOME=$state/helm/config HELM_CACHE_HOME=$state/helm/cache HELM_DATA_HOME=$state/helm/data
helm="$("$here/bindir.sh")/helm"

if [ -x "$helm" ] && [ -f "$KUBECONFIG" ] && "$helm" status baton -n baton-system >/dev/null 2>&1; then
  "$helm" uninstall baton -n baton-system --wait --timeout 2m
fi
pid=$(cat "$state/demo-operator.pid" 2>/dev/null || true)
if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
  echo "stopped the demo's operator JVM (pid $pid)"
  for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
fi
rm -f "$state/demo-operator.pid"
