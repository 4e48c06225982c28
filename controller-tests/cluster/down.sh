#!/usr/bin/env bash
# Deletes the local Baton test cluster (BATON_CLUSTER, default baton), with its real node if it
# has one (realnode/down.sh), and makes sure none of its processes survive. Idempotent: deleting
# a cluster that does not exist succeeds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"
bin=$("$here/bindir.sh")

# The real node first (containers, kubelet, containerd, mounts), while its API server still runs.
"$here/realnode/down.sh"
# The registry the real node pulled from; its data stays under $BATON_CACHE/registry for the next start.
"$here/registry.sh" down

if [ -d "$cluster_dir" ] && [ -x "$bin/kwokctl" ]; then
  log "deleting cluster $BATON_CLUSTER"
  # By default kwokctl removes the cluster's context from ~/.kube/config, which up.sh never
  # touched; point it at the cluster's own kubeconfig instead, deleted along with the cluster
  # (an empty --kubeconfig is refused with "empty path").
  # A half-broken cluster may make kwokctl fail; the cleanup below still runs.
  "$bin/kwokctl" --name "$BATON_CLUSTER" delete cluster \
    --kubeconfig "$cluster_dir/kubeconfig.yaml" >&2 || true
fi

# kwokctl stops the components it has pid files for; kill whatever else still runs in this
# cluster's directory (lost pid files, a crashed kwokctl) - and only that.
pids=$(cluster_pids)
if [ -n "$pids" ]; then
  log "killing leftover processes of cluster $BATON_CLUSTER: $(echo $pids)"
  kill $pids 2>/dev/null || true
  for _ in $(seq 20); do
    pids=$(cluster_pids)
    [ -z "$pids" ] && break
    sleep 0.5
  done
  [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true
  sleep 0.5
fi
rm -rf "$cluster_dir"
# The kubeconfig points at the deleted cluster; remove it only if it is the one up.sh wrote.
if [ -f "$BATON_KUBECONFIG" ] &&
  [ "$(head -n1 "$BATON_KUBECONFIG")" = "# Written by controller-tests/cluster/up.sh for kwok cluster $BATON_CLUSTER" ]; then
  rm -f "$BATON_KUBECONFIG"
fi

pids=$(cluster_pids)
if [ -n "$pids" ]; then
  log "processes of cluster $BATON_CLUSTER still running: $(echo $pids)"
  exit 1
fi
log "cluster $BATON_CLUSTER is gone"
