#!/usr/bin/env bash
# End-to-end check of a running test cluster (start it with up.sh first): server version, the
# pod outcomes driven by the kwok.baton.dev/* annotations (see stages/pod.yaml), the Job
# controller, garbage collection and CEL validation of CRDs. Works in a scratch namespace that
# it deletes afterwards. Exits non-zero on the first failed check.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"
export KUBECONFIG=$BATON_KUBECONFIG
ns=smoke-$$
crd=widgets.smoke.baton.dev
k() { kubectl -n "$ns" "$@"; }
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; exit 1; }
# expect WHAT ACTUAL WANTED
expect() { [ "$2" = "$3" ] && pass "$1 = $3" || fail "$1: got '$2', want '$3'"; }
cleanup() {
  kubectl delete namespace "$ns" --wait=false >/dev/null 2>&1 || true
  kubectl delete crd "$crd" --wait=false >/dev/null 2>&1 || true
}
trap cleanup EXIT

# pod NAME [ANNOTATION=VALUE ...]: creates a bare pod (restartPolicy Never) with annotations.
pod() {
  local name=$1 a
  shift
  {
    echo "apiVersion: v1"
    echo "kind: Pod"
    echo "metadata:"
    echo "  name: $name"
    echo "  annotations:"
    echo "    smoke: \"true\""
    for a in "$@"; do echo "    ${a%%=*}: '${a#*=}'"; done
    echo "spec:"
    echo "  restartPolicy: Never"
    echo "  containers: [{name: main, image: busybox}]"
  } | k apply -f - >/dev/null
}
# job NAME [ANNOTATION=VALUE ...]: creates a Job (backoffLimit 0) whose pods carry annotations.
job() {
  local name=$1 a
  shift
  {
    echo "apiVersion: batch/v1"
    echo "kind: Job"
    echo "metadata: {name: $name}"
    echo "spec:"
    echo "  backoffLimit: 0"
    echo "  template:"
    echo "    metadata:"
    echo "      annotations:"
    echo "        smoke: \"true\""
    for a in "$@"; do echo "        ${a%%=*}: '${a#*=}'"; done
    echo "    spec:"
    echo "      restartPolicy: Never"
    echo "      containers: [{name: main, image: busybox}]"
  } | k apply -f - >/dev/null
}
phase() { k wait "pod/$1" --for=jsonpath="{.status.phase}=$2" --timeout=30s >/dev/null && pass "pod $1 phase $2"; }
jp() { k get "$1" -o jsonpath="$2"; }

server=$(kubectl version -o json | jq -r .serverVersion.gitVersion)
expect "server version" "$server" v1.34.4

kubectl create namespace "$ns" >/dev/null
# The ServiceAccount admission plugin refuses pods until the default ServiceAccount exists.
for _ in $(seq 60); do k get serviceaccount default >/dev/null 2>&1 && break; sleep 0.5; done
k get serviceaccount default >/dev/null && pass "default ServiceAccount created in $ns"

# No annotations: Running, then Succeeded with exit code 0 / Completed.
pod bare
phase bare Succeeded
expect "bare exitCode" "$(jp pod/bare '{.status.containerStatuses[0].state.terminated.exitCode}')" 0
expect "bare reason" "$(jp pod/bare '{.status.containerStatuses[0].state.terminated.reason}')" Completed
expect "bare container name" "$(jp pod/bare '{.status.containerStatuses[0].name}')" main
expect "bare serviceAccountName" "$(jp pod/bare '{.spec.serviceAccountName}')" default
[ -n "$(jp pod/bare '{.status.hostIP}')" ] && [ -n "$(jp pod/bare '{.status.podIP}')" ] &&
  [ -n "$(jp pod/bare '{.status.startTime}')" ] && pass "bare has hostIP, podIP, startTime" ||
  fail "bare lacks hostIP/podIP/startTime"

# exit-code 7 + message: Failed, exit code 7, reason Error, termination message.
pod fail7 kwok.baton.dev/exit-code=7 'kwok.baton.dev/message={"rows": 42}'
phase fail7 Failed
expect "fail7 exitCode" "$(jp pod/fail7 '{.status.containerStatuses[0].state.terminated.exitCode}')" 7
expect "fail7 reason" "$(jp pod/fail7 '{.status.containerStatuses[0].state.terminated.reason}')" Error
expect "fail7 message" "$(jp pod/fail7 '{.status.containerStatuses[0].state.terminated.message}')" '{"rows": 42}'

# exit-code 0 + message + reason override.
pod ok-msg kwok.baton.dev/exit-code=0 'kwok.baton.dev/message={"rows": 1}' kwok.baton.dev/reason=Custom
phase ok-msg Succeeded
expect "ok-msg message" "$(jp pod/ok-msg '{.status.containerStatuses[0].state.terminated.message}')" '{"rows": 1}'
expect "ok-msg reason" "$(jp pod/ok-msg '{.status.containerStatuses[0].state.terminated.reason}')" Custom

# reason override on failure.
pod oom kwok.baton.dev/exit-code=137 kwok.baton.dev/reason=OOMKilled
phase oom Failed
expect "oom reason" "$(jp pod/oom '{.status.containerStatuses[0].state.terminated.reason}')" OOMKilled

# platform failure: Failed, reason Evicted, exit code 137, DisruptionTarget condition.
pod evicted kwok.baton.dev/platform-failure=Evicted
phase evicted Failed
expect "evicted pod reason" "$(jp pod/evicted '{.status.reason}')" Evicted
expect "evicted exitCode" "$(jp pod/evicted '{.status.containerStatuses[0].state.terminated.exitCode}')" 137
expect "evicted DisruptionTarget" \
  "$(jp pod/evicted '{.status.conditions[?(@.type=="DisruptionTarget")].status}')" True
[ -n "$(jp pod/evicted '{.status.message}')" ] && pass "evicted has a status message" || fail "evicted lacks a message"

# duration: stays Running for the given time.
pod slow kwok.baton.dev/duration=3s
phase slow Running
sleep 1.5
expect "slow phase after 1.5s" "$(jp pod/slow '{.status.phase}')" Running
phase slow Succeeded

# pending: bound to a node but never started.
pod stuck kwok.baton.dev/pending=true
k wait pod/stuck --for=jsonpath='{.spec.nodeName}' --timeout=30s >/dev/null 2>&1 || true
sleep 2
[ -n "$(jp pod/stuck '{.spec.nodeName}')" ] && pass "stuck is bound" || fail "stuck is not bound"
expect "stuck phase" "$(jp pod/stuck '{.status.phase}')" Pending

# Deleting a pod that carries a finalizer: the delete stage drops finalizers and deletes it.
pod held kwok.baton.dev/duration=1h
phase held Running
k patch pod held --type=merge -p '{"metadata":{"finalizers":["smoke.baton.dev/hold"]}}' >/dev/null
k delete pod held --wait=false >/dev/null
k wait pod/held --for=delete --timeout=30s >/dev/null && pass "running pod with finalizer deleted"

# Jobs: failing pod -> Job Failed; no annotations -> Job Complete.
job job-fail kwok.baton.dev/exit-code=7
k wait job/job-fail --for=condition=Failed --timeout=60s >/dev/null && pass "job-fail condition Failed"
job job-ok
k wait job/job-ok --for=condition=Complete --timeout=60s >/dev/null && pass "job-ok condition Complete"
expect "job-ok succeeded" "$(jp job/job-ok '{.status.succeeded}')" 1

# Garbage collection: deleting the Job removes its pods through their owner references.
[ -n "$(k get pods -l job-name=job-ok -o name)" ] || fail "job-ok has no pod"
k delete job job-ok --cascade=background >/dev/null
for _ in $(seq 60); do [ -z "$(k get pods -l job-name=job-ok -o name)" ] && break; sleep 0.5; done
expect "job-ok pods after deleting the Job" "$(k get pods -l job-name=job-ok -o name)" ""

# CEL validation rules of CRDs are enforced.
kubectl apply -f - >/dev/null <<EOF
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: $crd}
spec:
  group: smoke.baton.dev
  names: {kind: Widget, plural: widgets, singular: widget}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: self.min <= self.max
              message: min must not exceed max
            properties:
              min: {type: integer}
              max: {type: integer}
EOF
# A CRD created a moment ago may have no status yet, which `kubectl wait` refuses at once: ask again.
wait_for 60 "crd/$crd to be Established" kubectl wait crd/$crd --for=condition=Established --timeout=5s
for _ in $(seq 20); do kubectl api-resources --api-group=smoke.baton.dev 2>/dev/null | grep -q widgets && break; sleep 0.5; done
widget() { printf 'apiVersion: smoke.baton.dev/v1\nkind: Widget\nmetadata: {name: %s}\nspec: {min: %s, max: %s}\n' "$1" "$2" "$3"; }
widget good 1 2 | k apply -f - >/dev/null && pass "valid Widget accepted"
if out=$(widget bad 3 2 | k apply -f - 2>&1); then
  fail "invalid Widget accepted"
else
  echo "$out" | grep -q "min must not exceed max" && pass "invalid Widget refused: $out" ||
    fail "invalid Widget refused for another reason: $out"
fi

echo "all smoke checks passed"
