#!/usr/bin/env bash
# `make bench`: issue 7's scenarios (raw limit, burst, fan-out, chain, big foreach) against a running
# local cluster and the packaged operator as its own process; Argo's burst and fan-out too when
# controller-tests/bench/argo/run.sh exists. Prints a table, writes bench/results/<date>.json.
#
#   controller-tests/bench/run.sh
#
# Environment:
#   BATON_KUBECONFIG  cluster to use (default ~/.cache/baton/kubeconfig, the one `make cluster-up` writes)
#   SCENARIOS         subset, in order (default: raw-jobs raw-pods burst fanout chain bigforeach signals collect;
#                     also burst-pod and chain-pod, the same with `executor: Pod`)
#   RUNS              runs per scenario (default 3; each figure is the median, with min and max)
#   QUICK=1           small sizes and RUNS=1, for development; writes <date>-quick.json
#   WARMUP=1          one unmeasured run per operator scenario before the measured ones, so the
#                     figures are a warm JVM's (default 1; QUICK 0); the bigforeach has none
#   TAG=name          writes bench/results/<date>-<name>.json (several partial benches on one day)
#   BIG_ITERATIONS    iterations of the big foreach (default 100000; QUICK 2000)
#   PROFILE=1         JFR profile of the operator per scenario, <work dir>/<scenario>.jfr (slows it);
#                     controller-tests/bench/jfr-top.py FILE lists its top costs
#   ARGO=0            skip Argo even when its script exists
#
# The bench is plain Java (controller-tests/src/bench/java), compiled here against the operator's own
# libraries, so the raw-limit client is the operator's Fabric8 client, jar for jar, and `make test`
# never compiles or runs it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
log() { echo "[bench] $*" >&2; }

kubeconfig=${BATON_KUBECONFIG:-${BATON_CACHE:-$HOME/.cache/baton}/kubeconfig}
[ -f "$kubeconfig" ] || { log "no kubeconfig at $kubeconfig: run 'make cluster-up' first"; exit 1; }
kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null || { log "the cluster of $kubeconfig is not ready"; exit 1; }

# A private copy of the packaged operator: a rebuild in the tree during the bench must not swap its
# jars. A copy taken while a build rewrites the directory is retried.
# Operator logs, JFR profiles and Argo's log stay in the work directory; the copies go at exit.
work=${BATON_BENCH_WORK:-$(mktemp -d /tmp/baton-bench.XXXXXX)}
mkdir -p "$work"
trap 'rm -rf "$work/app" "$work/classes"' EXIT
app=operator/target/quarkus-app
for attempt in $(seq 1 20); do
  if [ -f "$app/quarkus-run.jar" ] && cp -a "$app" "$work/app" 2>/dev/null && [ -f "$work/app/quarkus-run.jar" ] \
    && unzip -tq "$work/app/quarkus-run.jar" >/dev/null 2>&1; then
    break
  fi
  rm -rf "$work/app"
  [ "$attempt" = 20 ] && { log "$app/quarkus-run.jar missing or being rebuilt: run 'make build'"; exit 1; }
  log "waiting for $app (being rebuilt?)"
  sleep 15
done

cp="$work/app/lib/main/*:$work/app/lib/boot/*"
javac -nowarn -d "$work/classes" -cp "$cp" controller-tests/src/bench/java/dev/baton/bench/*.java
kubectl --kubeconfig "$kubeconfig" apply --server-side --force-conflicts -f crds/ >/dev/null

argo_script=controller-tests/bench/argo/run.sh
mkdir -p bench/results
log "kubeconfig $kubeconfig, operator copy $work/app, logs in $work"
BATON_BENCH_KUBECONFIG=$kubeconfig BATON_BENCH_APP=$work/app BATON_BENCH_OUT=$repo/bench/results BATON_BENCH_WORK=$work \
BATON_BENCH_ARGO=$repo/$argo_script BATON_BENCH_COMMIT=$(git rev-parse --short HEAD 2>/dev/null || true) \
BATON_BENCH_OPERATOR="$(cat "$work"/app/app/*.jar | sha256sum | cut -c1-12) built $(date -u -r "$work/app/quarkus-run.jar" +%FT%TZ)" \
  java -Xmx1g -XX:+UseSerialGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$work/classes:$cp" dev.baton.bench.Bench
