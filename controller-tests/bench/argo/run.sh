#!/usr/bin/env bash
# Argo Workflows side of the benchmark (issue 7, point 3): runs Argo's workflow-controller
# (built by build.sh) as a local process against a cluster and measures one scenario.
#
#   controller-tests/bench/argo/run.sh SCENARIO [KUBECONFIG]
#
#   burst   COUNT (1000) one-step Workflows created at once; steps/s from the first creation until
#           every Workflow is Succeeded.
#   fanout  one Workflow whose steps template runs COUNT (1000) withItems pods with
#           `parallelism: PARALLELISM` (200); steps/s from its creation until it is Succeeded.
#
# KUBECONFIG defaults to $KUBECONFIG, else the local cluster's (controller-tests/cluster/up.sh,
# which this script does not start). The kubeconfig needs admin rights (CRDs, /metrics).
# Prints one JSON object per run on stdout (logs on stderr). Installs Argo's CRDs (ARGO_CRDS),
# the namespace ARGO_NS and its workflow-controller-configmap; starts a
# fresh controller for each run and stops it afterwards; deletes the workflows and waits for
# their pods to be gone before and after each run. No process survives the script.
#
# Environment (defaults are Argo's documented scale tuning, see README.md):
#   RUNS=1 COUNT=1000 PARALLELISM=200 ARGO_NS=argo-bench BENCH_TIMEOUT=900 (s per run)
#   BENCH_POLL=0.5 (s between completion checks)  BENCH_CREATE_PARALLEL=8 (threads of create.py)
#   ARGO_REQUEUE_TIME=1s (DEFAULT_REQUEUE_TIME; Argo's default is 10s)
#   ARGO_QPS=500 ARGO_BURST=1000 (client rate limit; Argo's default 20/30)
#   ARGO_WORKFLOW_WORKERS=32 ARGO_POD_CLEANUP_WORKERS=32 (Argo's defaults 32/4)
#   ARGO_CRDS=minimal|full (Argo's CRDs without / with schema; v4's own install uses full)
#   ARGO_LOGLEVEL=info   ARGO_LOG_DIR=~/.cache/baton/argo-bench (controller logs, one file per run)
#   BENCH_OUT=<file>     also append each JSON object to this file
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

scenario=${1:?usage: run.sh burst|fanout [KUBECONFIG]}
case "$scenario" in burst | fanout) ;; *) echo "unknown scenario $scenario (burst|fanout)" >&2; exit 2 ;; esac
export KUBECONFIG=${2:-${KUBECONFIG:-${BATON_KUBECONFIG:-${BATON_CACHE:-$HOME/.cache/baton}/kubeconfig}}}
[ -f "$KUBECONFIG" ] || { echo "no kubeconfig at $KUBECONFIG" >&2; exit 2; }

runs=${RUNS:-1}
count=${COUNT:-1000}
parallelism=${PARALLELISM:-200}
ns=${ARGO_NS:-argo-bench}
timeout=${BENCH_TIMEOUT:-900}
poll=${BENCH_POLL:-0.5}
create_parallel=${BENCH_CREATE_PARALLEL:-8}
requeue=${ARGO_REQUEUE_TIME:-1s}
qps=${ARGO_QPS:-500}
burst=${ARGO_BURST:-1000}
wf_workers=${ARGO_WORKFLOW_WORKERS:-32}
gc_workers=${ARGO_POD_CLEANUP_WORKERS:-32}
loglevel=${ARGO_LOGLEVEL:-info}
logdir=${ARGO_LOG_DIR:-${BATON_CACHE:-$HOME/.cache/baton}/argo-bench}
mkdir -p "$logdir"
work=$(mktemp -d /tmp/argo-bench.XXXXXX)

log() { echo "[argo-bench] $*" >&2; }
k() { kubectl --request-timeout=60s "$@"; }
now() { date +%s.%N; }

controller_pid=""
stop_controller() {
  if [ -n "$controller_pid" ] && kill -0 "$controller_pid" 2>/dev/null; then
    # workflow-controller v4.0.5 does not exit on SIGTERM (measured): give it 2 s, then KILL.
    kill "$controller_pid" 2>/dev/null || true
    for _ in $(seq 8); do kill -0 "$controller_pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$controller_pid" 2>/dev/null || true
    wait "$controller_pid" 2>/dev/null || true
  fi
  controller_pid=""
}
cleanup_exit() {
  stop_controller
  rm -rf "$work"
}
trap cleanup_exit EXIT
trap 'exit 130' INT TERM

bin=$("$here/build.sh")
src=$(cd "$here/module" && GOFLAGS=-mod=readonly go list -m -f '{{.Dir}}' "$ARGO_MODULE")
crds=${ARGO_CRDS:-minimal}
[ -d "$src/manifests/base/crds/$crds" ] || { log "no CRDs under $src/manifests/base/crds/$crds"; exit 1; }

# --- install: CRDs, namespace, controller configmap --------------------------------------------
# A free port for the controller's Prometheus endpoint (it listens on all interfaces; a second
# benchmark on the same machine must not collide). Its healthz port, 6060, is hard-coded: a
# second controller only logs that it is in use.
metrics_port=${ARGO_METRICS_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')}
install() {
  # ARGO_CRDS=minimal (default: no schema, the cheapest for the API server, i.e. favourable to
  # Argo; Argo's manifests before v4) or full (full validation: v4's release manifests).
  local f
  for f in "$src"/manifests/base/crds/"$crds"/argoproj.io_*.yaml; do
    k apply --server-side --force-conflicts -f "$f" >/dev/null
  done
  k wait --for=condition=Established --timeout=60s \
    crd/workflows.argoproj.io crd/workflowtaskresults.argoproj.io >/dev/null
  k create namespace "$ns" --dry-run=client -o yaml | k apply -f - >/dev/null
  for _ in $(seq 60); do k -n "$ns" get serviceaccount default >/dev/null 2>&1 && break; sleep 0.5; done
  k -n "$ns" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: workflow-controller-configmap
data:
  # Pod creation rate limit (docs/scaling.md): effectively off, as is Argo's own default.
  resourceRateLimit: |
    limit: 10000
    burst: 10000
  # Prometheus metrics stay on (Argo's default), on a port of their own, without TLS.
  metricsConfig: |
    enabled: true
    port: $metrics_port
    secure: false
  telemetryConfig: |
    enabled: false
EOF
}

# --- the controller ----------------------------------------------------------------------------
start_controller() {
  local logf=$1
  # LEADER_ELECTION_DISABLE: single instance (a lease would cost a write every few seconds).
  # DEFAULT_REQUEUE_TIME: how long a workflow waits after a pod event before it is reconciled
  # again (docs/environment-variables.md; the code comment allows down to 1s).
  LEADER_ELECTION_DISABLE=true DEFAULT_REQUEUE_TIME=$requeue \
    "$bin" --kubeconfig "$KUBECONFIG" --namespace "$ns" --namespaced \
    --configmap workflow-controller-configmap \
    --workflow-workers "$wf_workers" --pod-cleanup-workers "$gc_workers" \
    --qps "$qps" --burst "$burst" --loglevel "$loglevel" \
    --executor-image quay.io/argoproj/argoexec:"$ARGO_VERSION" >"$logf" 2>&1 &
  controller_pid=$!
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
peak_rss() { awk '/^VmHWM:/ {print $2 * 1024}' "/proc/$1/status"; }

# --- workflows ---------------------------------------------------------------------------------
# workflows KIND N: JSON lines of the Workflows to create. one-step: N Workflows burst-0001...
# of one container step; fanout: one Workflow "fanout" whose steps template runs N withItems
# pods at most $parallelism at a time; warmup: one one-step Workflow "warmup".
workflows() {
  python3 - "$1" "$2" "$parallelism" "$scenario" <<'PY'
import json, sys
kind, n, parallelism, scenario = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
container = {"image": "busybox", "command": ["true"]}
def wf(name, templates):
    return {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
            "metadata": {"name": name, "labels": {"bench.baton.dev/scenario": scenario}},
            "spec": {"entrypoint": "main", "templates": templates}}
if kind == "fanout":
    print(json.dumps(wf("fanout", [
        {"name": "main", "parallelism": parallelism,
         "steps": [[{"name": "each", "template": "body", "withItems": list(range(n)),
                     "arguments": {"parameters": [{"name": "item", "value": "{{item}}"}]}}]]},
        {"name": "body", "inputs": {"parameters": [{"name": "item"}]},
         "container": dict(container, args=["{{inputs.parameters.item}}"])}])))
else:
    names = ["warmup"] if kind == "warmup" else ["burst-%04d" % i for i in range(1, n + 1)]
    for name in names:
        print(json.dumps(wf(name, [{"name": "main", "container": container}])))
PY
}
wf_path="/apis/argoproj.io/v1alpha1/namespaces/$ns/workflows"

# Counts of the namespace's workflows by phase, e.g. "Succeeded=998 Running=2" (server-side
# table: NAME STATUS AGE MESSAGE, no full objects).
phases() {
  k -n "$ns" get workflows --no-headers 2>/dev/null |
    awk '{p = ($2 == "" || $2 ~ /^[0-9]/) ? "None" : $2; c[p]++} END {for (p in c) printf "%s=%d ", p, c[p]}'
}
count_pods() { k -n "$ns" get pods --no-headers 2>/dev/null | wc -l; }

clean() {
  k -n "$ns" delete workflows --all --wait=true --timeout=300s >/dev/null 2>&1 || true
  k -n "$ns" delete workflowtaskresults --all --wait=false >/dev/null 2>&1 || true
  local n
  for _ in $(seq 600); do
    n=$(count_pods)
    [ "$n" -eq 0 ] && return 0
    sleep 0.5
  done
  log "pods still present in $ns after 300s: $n"
  return 1
}

metrics() { k get --raw /metrics | grep '^apiserver_request_total{' >"$1"; }
# The controller's own Kubernetes requests, from its Prometheus endpoint (metricsConfig below).
controller_metrics() {
  curl -fsS --max-time 10 http://127.0.0.1:$metrics_port/metrics 2>/dev/null |
    grep '^argo_workflows_k8s_request_duration_count{' >"$1" || : >"$1"
}
# Pods of finished nodes the controller has not yet labelled workflows.argoproj.io/completed=true
# (it does so after the node completes: trailing writes that belong to the run).
unlabelled_pods() {
  k -n "$ns" get pods -l 'workflows.argoproj.io/completed!=true' --no-headers 2>/dev/null | wc -l
}

# warm_up: one one-step workflow through the fresh controller, so that the run starts with the
# informers synced; then it is deleted and its pod waited for.
warm_up() {
  local deadline=$(($(date +%s) + 120))
  workflows warmup 1 | python3 "$here/create.py" "$wf_path" 1 >/dev/null
  until [ "$(k -n "$ns" get workflow warmup -o jsonpath='{.status.phase}' 2>/dev/null)" = Succeeded ]; do
    kill -0 "$controller_pid" 2>/dev/null || { log "controller died, see $1"; tail -20 "$1" >&2; exit 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { log "warm-up workflow did not succeed in 120s, see $1"; exit 1; }
    sleep 0.5
  done
  clean
}

run_once() { # RUN_INDEX
  local i=$1 logf
  logf="$logdir/controller-$scenario-$(basename "$KUBECONFIG")-$(date +%Y%m%dT%H%M%S)-$$-$i.log"
  clean
  start_controller "$logf"
  warm_up "$logf"
  sleep 2 # let the warm-up's pod deletion events settle
  local steps=$count expect_wfs=1 kind=fanout threads=1
  if [ "$scenario" = burst ]; then expect_wfs=$count kind=one-step threads=$create_parallel; fi
  workflows "$kind" "$count" >"$work/wfs.jsonl"
  metrics "$work/before"
  controller_metrics "$work/cbefore"
  local cpu0 t0 t1 t_end state create_out create_s load0
  load0=$(cut -d' ' -f1 /proc/loadavg)
  cpu0=$(cpu_ticks "$controller_pid")
  # The clock starts with create.py's first request (not with its start-up).
  create_out=$(python3 "$here/create.py" "$wf_path" "$threads" <"$work/wfs.jsonl") ||
    { log "creating the workflows failed"; exit 1; }
  read -r t0 create_s <<<"$create_out"
  t1=$(python3 -c "print($t0 + $create_s)")
  log "run $i: created $expect_wfs workflow(s) in ${create_s}s"
  local deadline last="" ok=true
  deadline=$(python3 -c "print(int($t0 + $timeout))")
  while true; do
    state=$(phases)
    t_end=$(now)
    [ "$state" != "$last" ] && log "run $i: $(python3 -c "print(round($t_end - $t0, 1))")s $state" && last=$state
    [[ "$state" == "Succeeded=$expect_wfs " ]] && break
    if [[ "$state" =~ (Failed|Error)= ]]; then ok=false; log "run $i: failures: $state"; break; fi
    kill -0 "$controller_pid" 2>/dev/null || { ok=false; log "controller died, see $logf"; break; }
    [ "$(date +%s)" -lt "$deadline" ] || { ok=false; log "run $i: timed out after ${timeout}s"; break; }
    sleep "$poll"
  done
  # Settle: wait (up to 60 s) until the controller has labelled every pod completed, so that
  # the CPU and write counts include the run's trailing work; wall time is not affected.
  local t_settle
  for _ in $(seq 120); do
    [ "$(unlabelled_pods)" -eq 0 ] && break
    sleep 0.5
  done
  sleep 1
  t_settle=$(now)
  local cpu1 rss pods
  controller_metrics "$work/cafter"
  cpu1=$(cpu_ticks "$controller_pid" 2>/dev/null || echo "$cpu0")
  rss=$(peak_rss "$controller_pid" 2>/dev/null || echo 0)
  metrics "$work/after"
  pods=$(count_pods)
  stop_controller
  python3 - "$work/before" "$work/after" "$work/cbefore" "$work/cafter" <<PY
import json, os, re, sys
def load(path):
    out = {}
    for line in open(path):
        m = re.match(r'apiserver_request_total\{(.*)\} (\S+)$', line.strip())
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if labels.get("verb") not in ("POST", "PUT", "PATCH", "DELETE", "DELETECOLLECTION", "APPLY"):
            continue
        key = labels["resource"] + ("/" + labels["subresource"] if labels.get("subresource") else "") + " " + labels["verb"]
        out[key] = out.get(key, 0) + float(m.group(2))
    return out
def load_controller(path):
    out = {}
    for line in open(path):
        m = re.match(r'argo_workflows_k8s_request_duration_count\{(.*)\} (\S+)$', line.strip())
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if labels.get("verb") not in ("Create", "Update", "Patch", "Delete", "DeleteCollection"):
            continue
        key = labels["kind"] + " " + labels["verb"]
        out[key] = out.get(key, 0) + float(m.group(2))
    return out
def diff(a, b):
    return {k: int(b[k] - a.get(k, 0)) for k in b if b[k] - a.get(k, 0) > 0}
by = diff(load(sys.argv[1]), load(sys.argv[2]))
writes = sum(by.values())
events = sum(v for k, v in by.items() if k.startswith("events "))
cby = diff(load_controller(sys.argv[3]), load_controller(sys.argv[4]))
cwrites = sum(cby.values())
steps, wall = $steps, $t_end - $t0
tck = $(getconf CLK_TCK)
cpu = ($cpu1 - $cpu0) / tck
line = json.dumps({
    "system": "argo", "version": "$ARGO_VERSION", "scenario": "$scenario", "run": $i,
    "ok": "$ok" == "true", "phases": "$state".strip(),
    "steps": steps, "parallelism": $parallelism if "$scenario" == "fanout" else None,
    "wallSeconds": round(wall, 2), "stepsPerSecond": round(steps / wall, 1),
    "createSeconds": round($t1 - $t0, 2),
    "controllerCpuSeconds": round(cpu, 2), "controllerCpuSecondsPer1000Steps": round(cpu * 1000 / steps, 2),
    "controllerPeakRssBytes": $rss,
    "podsAtEnd": $pods,
    # The machine's 1-minute load average at the start and the end (other work skews figures).
    "loadAverage": [$load0, float(open("/proc/loadavg").read().split()[0])], "cpus": os.cpu_count(),
    "settleSeconds": round($t_settle - $t_end, 2),
    "apiWrites": writes, "writesPerStep": round(writes / steps, 2),
    "writesPerStepWithoutEvents": round((writes - events) / steps, 2),
    "writesByResource": dict(sorted(by.items(), key=lambda kv: -kv[1])),
    "controllerWrites": cwrites, "controllerWritesPerStep": round(cwrites / steps, 2),
    "controllerWritesByKind": dict(sorted(cby.items(), key=lambda kv: -kv[1])),
    "settings": {"requeueTime": "$requeue", "qps": $qps, "burst": $burst,
                 "workflowWorkers": $wf_workers, "podCleanupWorkers": $gc_workers,
                 "logLevel": "$loglevel", "createThreads": $threads, "crds": "$crds"},
    "controllerLog": "$logf",
})
print(line, flush=True)
if "${BENCH_OUT:-}":
    with open("${BENCH_OUT:-}", "a") as f:
        f.write(line + "\n")
PY
  clean
}

log "installing Argo $ARGO_VERSION CRDs and configmap into namespace $ns ($KUBECONFIG)"
install
# Not in a subshell: the EXIT trap must see the controller's pid.
for ((r = 1; r <= runs; r++)); do run_once "$r"; done
