#!/usr/bin/env bash
# Scale run of a foreach on the local cluster, with the packaged operator as its own process
# (production settings). Reports wall time, iterations per second, the peak number of iteration
# instances alive, the largest parent object and the operator's peak heap and RSS.
#   [BODY=noop|pod] [RETENTION=0] controller-tests/bench/foreach-scale.sh [ITERATIONS=10000] [CONCURRENCY=200]
# BODY=pod makes each iteration one container step run as a bare Pod (kwok completes it at once).
set -euo pipefail
iterations=${1:-10000}
concurrency=${2:-200}
body=${BODY:-noop}
retention=${RETENTION:-0}
case "$body" in
  noop) body_step='{name: body, noop: {}}' ;;
  pod) body_step='{name: body, executor: Pod, container: {image: "busybox:1.36", args: ["${string(a)}", "${string(b)}"]}}' ;;
  *) echo "BODY must be noop or pod, got $body" >&2; exit 2 ;;
esac
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
# Assigned apart from the export, which would hide a failure of up.sh from set -e (SC2155).
KUBECONFIG=$("$repo/controller-tests/cluster/up.sh")
export KUBECONFIG
ns=bench-foreach
port=18095
out=${BENCH_OUT:-$repo/bench/results}
mkdir -p "$out"

[ -f operator/target/quarkus-app/quarkus-run.jar ] || mvn -B -q -pl operator -am package -DskipTests
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
kubectl delete namespace "$ns" --ignore-not-found --wait=true >/dev/null
kubectl create namespace "$ns" >/dev/null

# A private copy: a rebuild of operator/target during the run must not pull the jar from under it.
app=$(mktemp -d)
cp -r operator/target/quarkus-app "$app/"
java -Xmx512m -Xss8m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$port -jar "$app/quarkus-app/quarkus-run.jar" \
  >/tmp/bench-operator.log 2>&1 &
op=$!
trap 'kill $op 2>/dev/null || true; rm -rf "$app"' EXIT
until curl -fs http://127.0.0.1:$port/q/health/ready >/dev/null 2>&1; do sleep 0.5; done

# The cartesian product of two lists keeps the Workflow small: (iterations / 100) × 100.
outer=$(python3 -c "n=$iterations; print('[' + ','.join(str(i) for i in range(max(1, n // 100))) + ']')")
inner=$(python3 -c "n=$iterations; print('[' + ','.join(str(i) for i in range(min(100, n))) + ']')")
cat <<YAML | kubectl -n "$ns" apply -f - >/dev/null
apiVersion: baton.dev/v1alpha1
kind: Workflow
metadata: {name: scale}
spec:
  steps:
    - name: each
      foreach:
        params: {a: $outer, b: $inner}
        concurrency: $concurrency
        retention: $retention
        steps: [$body_step]
---
apiVersion: baton.dev/v1alpha1
kind: WorkflowInstance
metadata: {name: scale-1}
spec: {workflowRef: {name: scale}}
YAML
start=$(date +%s.%N)
peak_children=0 peak_heap=0 peak_rss=0 largest=0
while true; do
  phase=$(kubectl -n "$ns" get bwfi scale-1 -o jsonpath='{.status.phase}' 2>/dev/null || true)
  children=$(kubectl -n "$ns" get bwfi -l baton.dev/parent=scale-1 --no-headers 2>/dev/null | wc -l)
  size=$(kubectl -n "$ns" get bwfi scale-1 -o json | wc -c)
  heap=$(curl -fs http://127.0.0.1:$port/q/metrics | awk '$0 ~ /^jvm_memory_used_bytes/ && $0 ~ /area="heap"/ {s+=$NF} END {printf "%d", s}')
  rss=$(( $(awk '/VmRSS/ {print $2}' /proc/$op/status) * 1024 ))
  (( children > peak_children )) && peak_children=$children
  (( size > largest )) && largest=$size
  (( heap > peak_heap )) && peak_heap=$heap
  (( rss > peak_rss )) && peak_rss=$rss
  case "$phase" in Succeeded|Failed|Stopped|TimedOut) break ;; esac
  sleep 1
done
end=$(date +%s.%N)
wall=$(python3 -c "print(round($end - $start, 1))")
rate=$(python3 -c "print(round($iterations / ($end - $start), 1))")
counts=$(kubectl -n "$ns" get bwfi scale-1 -o jsonpath='{.status.steps[0].foreach}')
leaves=$(kubectl -n "$ns" get bwfi scale-1 -o jsonpath='{.status.leaves}')
result=$(cat <<JSON
{"scenario": "foreach-$body", "iterations": $iterations, "concurrency": $concurrency, "retention": $retention, "phase": "$phase",
 "wallSeconds": $wall, "iterationsPerSecond": $rate, "peakIterationInstances": $peak_children,
 "largestParentObjectBytes": $largest, "peakHeapBytes": $peak_heap, "peakRssBytes": $peak_rss,
 "foreach": $counts, "leaves": ${leaves:-null}}
JSON
)
echo "$result"
echo "$result" > "$out/$(date +%Y-%m-%d)-foreach-$body-$iterations.json"
kubectl delete namespace "$ns" --wait=false >/dev/null
