#!/usr/bin/env bash
# Starts the local Baton test cluster (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler and a kwok controller faking BATON_KWOK_NODES nodes) with kwokctl's binary
# runtime, and prints the path of its kubeconfig on stdout.
#
# Idempotent: a healthy cluster is left alone; a cluster whose processes died (e.g. after a
# reboot) is restarted, and recreated if restarting does not make it healthy; a cluster made
# from other inputs (binaries, options, stage files) is recreated. Needs no network: every
# binary comes from the cache directory that build.sh fills.
#
# Environment: BATON_CLUSTER (default baton), BATON_KWOK_NODES (default 2), BATON_CACHE
# (default ~/.cache/baton), BATON_KUBECONFIG (default $BATON_CACHE/kubeconfig), BATON_REAL_NODE
# (true, auto or false: add a real node that runs containers, see realnode/up.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"
# shellcheck source=env.sh
source "$here/env.sh"
# The real node's addresses (node IP, Service IPs), which the API server's certificate and endpoint name.
# shellcheck source=realnode/env.sh
source "$here/realnode/env.sh"
nodes=${BATON_KWOK_NODES:-2}
start_time=$(date +%s)

# kwokctl runs kubectl for its own health checks and would download one if none is on PATH.
kubectl_bin=$(command -v kubectl) || { log "kubectl is required on PATH"; exit 1; }

# Builds only what is missing; prints the binary directory.
bin=$("$here/build.sh")
# The components kwokctl starts outlive this script, so they must not inherit its caller's descriptors
# beyond stdio: a lock the caller holds (flock) would be held for as long as the cluster runs.
kwokctl() { "$bin/kwokctl" --name "$BATON_CLUSTER" "$@" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-; }
k() { "$kubectl_bin" --kubeconfig "$cluster_dir/kubeconfig.yaml" --request-timeout=5s "$@"; }

mkdir -p "$KWOK_WORKDIR" "$(dirname "$BATON_KUBECONFIG")"
config="$KWOK_WORKDIR/$BATON_CLUSTER.kwokctl.yaml"

# The kwokctl configuration. Every binary is a local path (no http scheme), which kwokctl
# symlinks into the cluster directory instead of downloading.
cat >"$config" <<EOF
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  runtime: binary
  kubeVersion: $KUBE_VERSION
  kubeBinaryPrefix: $bin
  kubeApiserverBinary: $bin/kube-apiserver
  kubeControllerManagerBinary: $bin/kube-controller-manager
  kubeSchedulerBinary: $bin/kube-scheduler
  kubectlBinary: $kubectl_bin
  etcdBinary: $bin/etcd
  kwokControllerBinary: $bin/kwok
  # The default is 0.0.0.0: keep every listener on loopback.
  bindAddress: 127.0.0.1
  # Secure port + authorization + admission: kube-apiserver runs its default admission
  # plugins (ServiceAccount among them) and kube-controller-manager gets
  # --service-account-private-key-file, so the default ServiceAccount is created in every
  # namespace. kwokctl defaults these to true for Kubernetes > 1.12; pinned here on purpose.
  securePort: true
  kubeAuthorization: true
  kubeAdmission: true
  # In-cluster clients (pods on the real node) reach the API server as https://$kubernetes_service_ip (the
  # kubernetes Service) or at its endpoint, the node IP: its certificate must name both.
  kubeApiserverCertSANs: [$kubernetes_service_ip, $node_ip]
componentsPatches:
# Every component runs its Go garbage collector at GOGC=400 instead of 100: a benchmark on this
# 2-core machine profiled the API server spending a quarter of its CPU in GC marking (its heap is
# large and long-lived); 400 trades memory for 21% less API-server CPU and 13-17% more steps/s in
# the burst and fan-out benchmarks. GOMEMLIMIT caps the trade: the API server's RSS reached 2.9 GiB
# after a bench, and near the limit the collector runs as often as it must. A real cluster's
# control plane has cores of its own; here it shares two with the operator and the tests.
# A throwaway cluster does not need durable writes; fsync dominates etcd latency on slow disks.
- name: etcd
  extraEnvs: &gogc
  - name: GOGC
    value: "400"
  - name: GOMEMLIMIT
    value: 3GiB
  extraArgs:
  - key: unsafe-no-fsync
    value: "true"
# Single instances: without leader election a restarted controller-manager or scheduler does
# not wait for its predecessor's lease to expire (about 15 s).
# Client rate limits raised from 20/30 (controller-manager) and 50/100 (scheduler), as the
# Kubernetes scalability tests do: the Job controller at 20 requests/s made 3 Jobs a second the
# ceiling of every Job-based benchmark, so the API server, not a client's limit, is what we measure.
- name: kube-controller-manager
  extraEnvs: *gogc
  extraArgs:
  - key: leader-elect
    value: "false"
  - key: kube-api-qps
    value: "300"
  - key: kube-api-burst
    value: "500"
- name: kube-scheduler
  extraEnvs: *gogc
  extraArgs:
  - key: leader-elect
    value: "false"
  - key: kube-api-qps
    value: "300"
  - key: kube-api-burst
    value: "500"
# kwokctl passes an empty --node-ip: fake nodes then have no InternalIP and pods no hostIP.
# kwok manages only its own nodes (annotated kwok.x-k8s.io/node=fake by kwokctl scale), never
# the real node (realnode/): it neither heartbeats it nor moves its pods through our stages.
- name: kwok-controller
  extraEnvs: *gogc
  extraArgs:
  - key: node-ip
    value: 127.0.0.1
    override: true
  - key: manage-all-nodes
    value: "false"
    override: true
  - key: manage-nodes-with-annotation-selector
    value: kwok.x-k8s.io/node=fake
# For the real node: the API server calls its kubelet (logs, exec) with kwokctl's admin client
# certificate, which the kubelet trusts, at its InternalIP (the kubelet listens there only; its
# Hostname is no DNS name). It advertises the node IP as the kubernetes Service's endpoint (by default
# this machine's first address, where it does not listen): the real node relays that address to its
# loopback listener (realnode/network.sh). Without a real node the endpoint leads nowhere, as before.
- name: kube-apiserver
  extraEnvs: *gogc
  extraArgs:
  - key: advertise-address
    value: $node_ip
  - key: kubelet-client-certificate
    value: $cluster_dir/pki/admin.crt
  - key: kubelet-client-key
    value: $cluster_dir/pki/admin.key
  - key: kubelet-preferred-address-types
    value: InternalIP,Hostname
EOF

# Inputs that define the cluster: when they change, the cluster is recreated.
inputs_hash=$(cat "$config" "$here"/stages/*.yaml | sha256sum | cut -d' ' -f1)
hash_file="$cluster_dir/baton-inputs.sha256"

exists() { [ -f "$cluster_dir/kwok.yaml" ]; }

# All five components alive (their pid files point at processes running in the cluster dir)
# and the API server ready.
running() {
  local f pid n=0
  for f in "$cluster_dir"/pids/*.pid; do
    [ -f "$f" ] || return 1
    pid=$(cat "$f")
    [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$cluster_dir" ] || return 1
    n=$((n + 1))
  done
  [ "$n" -ge 5 ] && [ "$(k get --raw /readyz 2>/dev/null)" = ok ]
}

delete_cluster() { "$here/down.sh" >&2; }

create_cluster() {
  log "creating cluster $BATON_CLUSTER (workdir $cluster_dir)"
  # --kubeconfig= : kwokctl must not edit ~/.kube/config (it adds a context by default).
  kwokctl create cluster --kubeconfig= --config "$config" \
    --config "$here/stages/node.yaml" --config "$here/stages/pod.yaml" >&2
  echo "$inputs_hash" >"$hash_file"
}

if exists && [ "$(cat "$hash_file" 2>/dev/null)" != "$inputs_hash" ]; then
  log "cluster $BATON_CLUSTER was made from other binaries, options or stages: recreating it"
  delete_cluster
fi

if exists && ! running; then
  log "cluster $BATON_CLUSTER exists but is not healthy: restarting it"
  # Stop what is left so that every component restarts with a consistent state.
  kwokctl stop cluster >&2 || true
  # kwokctl itself waits up to 2 minutes for a server that may never come back (e.g. etcd data
  # damaged by the unsafe-no-fsync crash); a healthy restart takes a few seconds.
  if ! kwokctl start cluster --timeout 45s >&2 || ! wait_for 30 "kube-apiserver after restart" running; then
    log "restart failed: recreating cluster $BATON_CLUSTER"
    delete_cluster
  fi
fi

if ! exists; then
  create_cluster
fi

wait_for 120 "kube-apiserver /readyz" running

# Fake nodes: kwokctl scale creates node-000000, node-000001, ... (and deletes extra ones).
if [ "$(k get nodes -l type=kwok -o name | wc -l)" -ne "$nodes" ]; then
  kwokctl scale node --replicas "$nodes" >&2
fi
wait_for 60 "$nodes Ready nodes" \
  k wait --for=condition=Ready node -l type=kwok --timeout=5s
# The ServiceAccount admission plugin refuses pods until the namespace's default
# ServiceAccount exists; kube-controller-manager creates it shortly after start.
wait_for 60 "ServiceAccount default/default" k -n default get serviceaccount default

# No component may listen on all interfaces.
pids=$(cluster_pids | paste -sd'|')
if ss -Hltnp | grep -E "pid=($pids)," | awk '{print $4}' | grep -Ev '^(127\.0\.0\.1|\[::1\]):'; then
  log "a cluster component listens on a non-loopback address (see above)"
  exit 1
fi

# The real node (realnode/): BATON_REAL_NODE=true starts it or fails; auto starts it when this
# machine can run it and otherwise says so and goes on with kwok's nodes alone; false or unset
# leaves the cluster as it is (a real node started earlier keeps running).
case ${BATON_REAL_NODE:-} in
  true)
    "$here/realnode/up.sh" "$kubectl_bin" "$bin"
    ;;
  auto)
    rc=0
    "$here/realnode/up.sh" "$kubectl_bin" "$bin" || rc=$?
    if [ "$rc" -ne 0 ]; then
      [ "$rc" -eq 3 ] || "$here/realnode/down.sh" >&2 || true
      log "no real node (see above): pods run on kwok's simulated nodes only"
    fi
    ;;
  '' | false) ;;
  *) log "BATON_REAL_NODE must be true, auto or false, not '$BATON_REAL_NODE'"; exit 1 ;;
esac

# Publish kwokctl's admin kubeconfig (certificates embedded, server on 127.0.0.1).
# The first line marks the file as ours, so down.sh removes it and nothing else.
{
  echo "# Written by controller-tests/cluster/up.sh for kwok cluster $BATON_CLUSTER"
  kwokctl get kubeconfig
} >"$BATON_KUBECONFIG.tmp"
mv "$BATON_KUBECONFIG.tmp" "$BATON_KUBECONFIG"
log "cluster $BATON_CLUSTER ready in $(($(date +%s) - start_time))s"
echo "$BATON_KUBECONFIG"
