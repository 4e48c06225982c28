#!/usr/bin/env bash
# Adds a real node to a running local test cluster: containerd + runc (Debian packages) run the
# pods that the scheduler binds to it, and a kubelet built from k8s.io/kubernetes registers it.
# Called by ../up.sh when BATON_REAL_NODE is true or auto; writes logs to stderr only.
#
#   usage: realnode/up.sh KUBECTL_BINARY BIN_DIR
#
# Exit status: 0 the node is Ready; 3 the node cannot run on this machine (reason logged; the
# cluster stays usable with kwok's nodes); other non-zero: it should run but failed to start.
#
# Idempotent: a Ready node whose processes run is left alone. Needs root (containerd, mounts,
# cgroups, the pod bridge). Nothing listens beyond this machine: containerd has a Unix socket
# (and a CRI streaming port on 127.0.0.1), the kubelet listens on the node IP, a bridge address
# that a firewall rule closes to every non-local source.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../env.sh
source "$here/../env.sh"
# shellcheck source=env.sh
source "$here/env.sh"
# shellcheck source=images.env
source "$here/images.env"
kubectl_bin=$1 bin=$2
start_time=$(date +%s)

log() { echo "[realnode] $*" >&2; }
k() { "$kubectl_bin" --kubeconfig "$cluster_dir/kubeconfig.yaml" --request-timeout=5s "$@"; }
ctr_() { ctr --address "$containerd_sock" --namespace k8s.io "$@"; }
unavailable() { log "the real node cannot run here: $*"; exit 3; }

# What the node needs from this machine; checked before anything is installed or started.
[ "$(uname -s)" = Linux ] || unavailable "not Linux"
[ "$(id -u)" -eq 0 ] || unavailable "needs root (containerd, mounts, cgroups, network)"
grep -qw overlay /proc/filesystems || unavailable "no overlay filesystem in /proc/filesystems"
cgroup_fs=$(stat -fc %T /sys/fs/cgroup)
case $cgroup_fs in
  cgroup2fs) cgroup_v1=false ;;
  tmpfs)
    cgroup_v1=true
    for c in cpu cpuacct cpuset memory pids; do
      [ -f "/sys/fs/cgroup/$c/cgroup.procs" ] || unavailable "cgroup v1 controller $c is not mounted"
    done
    ;;
  *) unavailable "unknown cgroup filesystem $cgroup_fs at /sys/fs/cgroup" ;;
esac
command -v apt-get >/dev/null || command -v containerd >/dev/null || unavailable "no apt-get to install containerd"

node_running() {
  local f
  for f in containerd kubelet; do
    [ -f "$node_dir/$f.pid" ] || return 1
    [ "$(readlink "/proc/$(cat "$node_dir/$f.pid")/cwd" 2>/dev/null)" = "$node_dir" ] || return 1
  done
}
node_ready() {
  [ "$(k get node "$REALNODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]
}

# The node names the step images it holds, so that whoever starts the operator against this
# cluster (controller tests, demo.sh) can pass them as BATON_STEP_BASH_IMAGE/_PYTHON_IMAGE/_SQL_IMAGE/
# _NOTEBOOK_IMAGE, and the
# registry it pulls from (HOST:PORT, where `make image-push-local` puts the operator's image); and
# nothing of the node listens beyond this machine.
publish() {
  local pids
  k annotate node "$REALNODE_NAME" --overwrite \
    "baton.dev/step-bash-image=$REALNODE_BASH_IMAGE" "baton.dev/step-python-image=$REALNODE_PYTHON_IMAGE" \
    "baton.dev/step-sql-image=$REALNODE_SQL_IMAGE" "baton.dev/postgres-image=$REALNODE_POSTGRES_IMAGE" \
    "baton.dev/step-notebook-image=$REALNODE_NOTEBOOK_IMAGE" \
    "baton.dev/registry=$registry" >/dev/null
  pids=$(node_pids | paste -sd'|')
  if ss -Hltnp | grep -E "pid=($pids)," | awk '{print $4}' | grep -Ev "^(127\.0\.0\.1|\[::1\]|${node_ip//./\\.}):"; then
    log "a real node process listens on an address other than loopback or the node IP (see above)"
    return 1
  fi
}

# Imports the images unless this containerd already holds this very archive.
import_images() {
  if [ "$(cat "$node_dir/images.imported" 2>/dev/null)" != "$archive" ] ||
    ! ctr_ images ls -q | grep -qx "$REALNODE_PAUSE_IMAGE"; then
    log "importing images from $archive"
    ctr_ images import --base-name localhost/baton "$archive" >&2
    echo "$archive" >"$node_dir/images.imported"
  fi
}

# The local registry (../registry.sh) the node pulls from: containerd reads one hosts.toml per registry
# host under this directory (its registry config_path), here one for the registry's address only, as a
# plain-HTTP host. A node started before this existed lacks it and is restarted.
hosts_dir="$node_dir/certs.d"
registry=$("$here/../registry.sh" up)
registry_hosts() {
  mkdir -p "$hosts_dir/$registry"
  cat >"$hosts_dir/$registry/hosts.toml" <<EOF
# Written by realnode/up.sh: the local cluster's registry, plain HTTP on loopback.
server = "http://$registry"
[host."http://$registry"]
  capabilities = ["pull", "resolve"]
EOF
}

if node_running && node_ready && [ -f "$hosts_dir/$registry/hosts.toml" ]; then
  # Images rebuilt since the node started (images.sh changed) are imported into it.
  archive=$("$here/images.sh")
  import_images
  "$here/network.sh" up "$kubectl_bin" "$bin"
  publish
  log "node $REALNODE_NAME of cluster $BATON_CLUSTER is already Ready"
  exit 0
fi
# Half-started or left over from a crash: start from a clean slate.
"$here/down.sh" >&2

"$here/install.sh"
"$here/../build.sh" realnode >/dev/null
archive=$("$here/images.sh")

# Nothing else may use the subnet, the bridge or the kubelet port.
if ip -4 route show | grep -q "^${node_subnet%/*}/"; then
  unavailable "pod subnet $node_subnet is already routed here (another cluster's node or network)"
fi
if ss -Hltn "sport = :$kubelet_port" | grep -q .; then
  unavailable "kubelet port $kubelet_port is in use"
fi

mkdir -p "$node_dir/logs" "$node_dir/kubelet" "$node_dir/pod-logs" "$node_run/cni/net.d" "$node_run/cni/ipam"

# Pod cgroups live under their own root in every hierarchy; cpuset needs its CPUs and memory
# nodes before anything joins it.
if $cgroup_v1; then
  for d in /sys/fs/cgroup/*/; do
    [ -f "$d/cgroup.procs" ] && mkdir -p "$d$cgroup_root"
  done
  cp /sys/fs/cgroup/cpuset/cpuset.cpus "/sys/fs/cgroup/cpuset/$cgroup_root/cpuset.cpus"
  cp /sys/fs/cgroup/cpuset/cpuset.mems "/sys/fs/cgroup/cpuset/$cgroup_root/cpuset.mems"
else
  mkdir -p "/sys/fs/cgroup/$cgroup_root"
fi

# The pod bridge, created here (not by the CNI plugin) because it carries the node IP the
# kubelet listens on; the bridge plugin finds it and its gateway address as they are.
ip link add "$node_bridge" type bridge
ip addr add "$node_ip/24" dev "$node_bridge"
ip link set "$node_bridge" up
# Only this machine's processes open connections to the node IP (pods and other hosts do not; network.sh
# lets pods reach DNS and the API server relay); replies to connections this machine opened from the node
# IP (the kubelet's probes of pods, port-forwards) come back.
iptables -I INPUT -d "$node_ip" -m addrtype ! --src-type LOCAL -m conntrack ! --ctstate ESTABLISHED,RELATED -j DROP ||
  log "warning: could not add the firewall rule that closes $node_ip to other hosts"

cat >"$node_run/cni/net.d/10-baton.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "baton-$BATON_CLUSTER",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$node_bridge",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$node_run/cni/ipam",
        "ranges": [[{"subnet": "$node_subnet", "gateway": "$node_ip"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    }
  ]
}
EOF

# containerd with its own root, state and socket (not the Debian service's), the local pause
# image as sandbox, runc with cgroupfs, CNI from Debian's plugins.
cat >"$node_dir/containerd.toml" <<EOF
version = 2
root = "$node_dir/containerd"
state = "$node_run/containerd"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$containerd_sock"
[ttrpc]
  address = "$containerd_sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$node_dir/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$REALNODE_PAUSE_IMAGE"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  netns_mounts_under_state_dir = true
  # Never below containerd's own oom_score_adj: lowering it needs CAP_SYS_RESOURCE, which some
  # sandboxed machines withhold even from root (runc then fails with "failed to update
  # /proc/self/oom_score_adj: Permission denied" and no pod starts).
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$hosts_dir"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$node_run/cni/net.d"
EOF

registry_hosts

# Started detached, with node_dir as working directory: down.sh finds them by it.
(cd "$node_dir" && exec setsid containerd --config "$node_dir/containerd.toml" \
  </dev/null >>"$node_dir/logs/containerd.log" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- & echo $! >"$node_dir/containerd.pid")
wait_for 30 "containerd" ctr_ version || { tail -n 20 "$node_dir/logs/containerd.log" >&2; exit 1; }

import_images

cat >"$node_dir/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $node_ip
port: $kubelet_port
readOnlyPort: 0
healthzPort: 0
containerRuntimeEndpoint: unix://$containerd_sock
cgroupDriver: cgroupfs
cgroupRoot: /$cgroup_root
failCgroupV1: false
failSwapOn: false
# Its own OOM score as is: the default -999 needs CAP_SYS_RESOURCE (see containerd's above).
oomScoreAdj: 0
podLogsDirectory: $node_dir/pod-logs
# Only the API server (admin client certificate of kwokctl's CA) may call the kubelet API.
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $cluster_dir/pki/ca.crt}
authorization:
  mode: Webhook
registerWithTaints:
- {key: $REALNODE_TAINT, value: "true", effect: NoSchedule}
# The images cannot be pulled again: never collect them, and evict only when really short.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  imagefs.available: 1%
  nodefs.inodesFree: 1%
serializeImagePulls: false
# Pods resolve through the cluster DNS (network.sh: CoreDNS behind the kube-dns Service), with this
# machine's search domains after the cluster's.
clusterDNS: [$cluster_dns_ip]
clusterDomain: $cluster_domain
resolvConf: /etc/resolv.conf
EOF

# The kubelet sets these machine-wide sysctls as on any node (panic on oops among them); the first
# real node of the machine saves their values, down.sh restores them when the last one stops.
sysctl_saved="$BATON_CACHE/realnode/sysctl.saved"
if ! pgrep -x kubelet >/dev/null && [ ! -f "$sysctl_saved" ]; then
  for s in vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops \
    kernel.keys.root_maxkeys kernel.keys.root_maxbytes net.bridge.bridge-nf-call-iptables; do
    echo "$s=$(sysctl -n "$s")"
  done >"$sysctl_saved"
fi

(cd "$node_dir" && exec setsid "$bin/kubelet" --config "$node_dir/kubelet.yaml" \
  --kubeconfig "$cluster_dir/kubeconfig.yaml" --root-dir "$node_dir/kubelet" \
  --hostname-override "$REALNODE_NAME" --node-ip "$node_ip" \
  --node-labels "$REALNODE_LABEL=true,type=real" \
  </dev/null >>"$node_dir/logs/kubelet.log" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- & echo $! >"$node_dir/kubelet.pid")
if ! wait_for 90 "node $REALNODE_NAME Ready" node_ready; then
  tail -n 30 "$node_dir/logs/kubelet.log" >&2
  exit 1
fi
"$here/network.sh" up "$kubectl_bin" "$bin"
publish
log "node $REALNODE_NAME of cluster $BATON_CLUSTER Ready in $(($(date +%s) - start_time))s (images $REALNODE_BASH_IMAGE, $REALNODE_PYTHON_IMAGE)"
