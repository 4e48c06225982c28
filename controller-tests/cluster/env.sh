# Shared settings and helpers of up.sh, down.sh and realnode/; sourced, not run.
# shellcheck shell=bash

# Name of the kwokctl cluster. Several clusters can coexist under different names.
BATON_CLUSTER=${BATON_CLUSTER:-baton}
# Everything the test cluster writes lives under this directory, never in the repository.
BATON_CACHE=${BATON_CACHE:-$HOME/.cache/baton}
# kwokctl keeps each cluster's config, PKI, pids, logs and etcd data under
# $KWOK_WORKDIR/clusters/<name>; the default (~/.kwok) would be shared with other kwok users.
export KWOK_WORKDIR="$BATON_CACHE/kwok"
# Where up.sh writes the admin kubeconfig. A second cluster gets its own file by default so
# it does not overwrite the first one's.
if [ "$BATON_CLUSTER" = baton ]; then
  BATON_KUBECONFIG=${BATON_KUBECONFIG:-$BATON_CACHE/kubeconfig}
else
  BATON_KUBECONFIG=${BATON_KUBECONFIG:-$BATON_CACHE/kubeconfig-$BATON_CLUSTER}
fi
cluster_dir="$KWOK_WORKDIR/clusters/$BATON_CLUSTER"

log() { echo "[cluster] $*" >&2; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local deadline=$(($(date +%s) + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "timed out waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

# cluster_pids prints the pids of every process that belongs to this cluster: kwokctl starts
# each component with its working directory set to the cluster directory, which identifies
# them even when their pid files are gone or stale (a reused pid after a reboot does not
# match, since its cwd differs). Once the directory is deleted the kernel reports the cwd
# with a " (deleted)" suffix; such processes still count.
cluster_pids() {
  local p cwd
  for p in /proc/[0-9]*; do
    cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
    cwd=${cwd% (deleted)}
    [ "$cwd" = "$cluster_dir" ] && echo "${p#/proc/}"
  done
  return 0
}
