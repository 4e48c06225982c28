#!/usr/bin/env bash
# make bench-cli: the wall time of `kubectl-baton lint` and `kubectl-baton get`, with and without the AppCDS
# archive, side by side (median of RUNS runs, default 10), next to the JVM's own start (`java -version`).
# get runs against the local cluster when it is up (BATON_KUBECONFIG): it installs the CRDs and makes one
# Workflow and one WorkflowInstance in a scratch namespace, deleted afterwards; without a cluster, get is skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
plugin=cli/target/kubectl-baton/kubectl-baton
runs=${RUNS:-10}
kubeconfig=${BATON_KUBECONFIG:-$HOME/.cache/baton/kubeconfig}
ns=baton-bench-cli
[ -x "$plugin" ] || { echo "no $plugin: run make cli first" >&2; exit 1; }

elapsed_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
measure() {
  local cds=$1
  shift
  for _ in $(seq "$runs"); do elapsed_ms env BATON_CLI_CDS="$cds" "$@"; done | median
}
row() { printf '%-44s %10s %12s\n' "$@"; }

echo "kubectl-baton start-up: wall time in ms, median of $runs runs ($(java -version 2>&1 | head -1))"
row "command" "with CDS" "without CDS"
row "java -version (the JVM alone)" "$(measure on java -Xshare:auto -version)" "$(measure on java -Xshare:off -version)"
row "lint examples/*.yaml" "$(measure on "$plugin" lint examples/*.yaml)" "$(measure off "$plugin" lint examples/*.yaml)"
if [ -f "$kubeconfig" ] && kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null 2>&1; then
  k=(kubectl --kubeconfig "$kubeconfig")
  trap '"${k[@]}" delete namespace "$ns" --wait=false >/dev/null 2>&1 || true' EXIT
  "${k[@]}" apply --server-side --force-conflicts -f crds/ >/dev/null
  "${k[@]}" create namespace "$ns" >/dev/null 2>&1 || true
  "${k[@]}" -n "$ns" apply -f examples/hello.yaml >/dev/null
  instance=$("${k[@]}" -n "$ns" get bwfi -o jsonpath='{.items[0].metadata.name}')
  get=("$plugin" get "$instance" -n "$ns" --kubeconfig "$kubeconfig")
  row "get $instance (local cluster)" "$(measure on "${get[@]}")" "$(measure off "${get[@]}")"
else
  row "get (skipped: no local cluster; make cluster-up)" "-" "-"
fi
