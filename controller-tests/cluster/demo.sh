#!/usr/bin/env bash
# make demo: from a fresh clone, build the operator, bring up the local kwok cluster, install the
# CRDs, start the operator in the background, run the examples and show their status.
# Safe to run twice: the demo namespace's instances are recreated and the operator restarted.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
state=${BATON_CACHE:-$HOME/.cache/baton}
ns=baton-demo
examples=(hello diamond conditional outputs-to-params foreach nested-foreach while subworkflow)

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

say "Building the operator"
mvn -B -q -pl operator -am package -DskipTests

say "Starting the local cluster (etcd, kube-apiserver, controller-manager, scheduler, kwok)"
"$repo/controller-tests/cluster/up.sh"
export KUBECONFIG=${BATON_KUBECONFIG:-$state/kubeconfig}

say "Installing the CRDs"
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
kubectl wait --for=condition=Established crd/workflows.baton.dev crd/workflowinstances.baton.dev --timeout=60s >/dev/null

say "Starting the operator (log: $state/demo-operator.log)"
if [ -f "$state/demo-operator.pid" ] && kill -0 "$(cat "$state/demo-operator.pid")" 2>/dev/null; then
  kill "$(cat "$state/demo-operator.pid")"; sleep 2
fi
nohup java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=18080 -jar operator/target/quarkus-app/quarkus-run.jar \
  >"$state/demo-operator.log" 2>&1 &
echo $! >"$state/demo-operator.pid"
for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:18080/q/health/ready >/dev/null 2>&1 && break
  kill -0 "$(cat "$state/demo-operator.pid")" 2>/dev/null || { tail -40 "$state/demo-operator.log"; exit 1; }
  sleep 0.5
done

say "Running the examples in namespace $ns"
kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl -n "$ns" delete workflowinstances --all --wait=true >/dev/null
for e in "${examples[@]}"; do kubectl -n "$ns" apply -f "examples/$e.yaml"; done

say "Waiting for the instances to end"
for i in $(kubectl -n "$ns" get workflowinstances -l '!baton.dev/parent' -o name); do
  kubectl -n "$ns" wait "$i" --for=jsonpath='{.status.completionTime}' --timeout=180s >/dev/null || true
done
kubectl -n "$ns" get workflowinstances -l '!baton.dev/parent'
echo
echo "Outputs of outputs-to-params-1/extract: $(kubectl -n "$ns" get bwfi outputs-to-params-1 -o jsonpath='{.status.steps[0].outputs}')"
echo "Steps of conditional-1: $(kubectl -n "$ns" get bwfi conditional-1 -o jsonpath='{range .status.steps[*]}{.name}={.phase} {end}')"
echo "Iterations of per-region-report-1: $(kubectl -n "$ns" get bwfi per-region-report-1 -o jsonpath='{.status.steps[1].foreach}')"

failed=$(kubectl -n "$ns" get bwfi -l '!baton.dev/parent' -o jsonpath='{range .items[*]}{.metadata.name}={.status.phase}{"\n"}{end}' | grep -v '=Succeeded$' || true)
cat <<MSG

Pods on this local cluster are simulated by kwok: they are scheduled and finish, but no container
runs, so scripts print nothing (outputs come from the kwok.baton.dev/* annotations). To run real
containers, install Baton into a real cluster (see README) and kubectl apply the same examples.

Look further:
  export KUBECONFIG=$KUBECONFIG
  kubectl -n $ns get bwf,bwfi,jobs,pods
  kubectl -n $ns describe bwfi hello-1        # events: step started/finished
  kubectl -n $ns get bwfi diamond-1 -o yaml   # per-step status, attempts, outputs
  tail -f $state/demo-operator.log
  make demo-stop / make cluster-down          # stop the operator / the cluster
MSG
if [ -n "$failed" ]; then
  echo "Not all instances succeeded:"; echo "$failed"; exit 1
fi
