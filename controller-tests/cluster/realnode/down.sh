#!/usr/bin/env bash
# Stops the real node of BATON_CLUSTER (default baton): its containers, kubelet and containerd,
# unmounts what they mounted, removes its cgroups, bridge, firewall rule and runtime state, and
# fails if a process remains. Keeps containerd's root (the imported images) for the next start.
# Idempotent; does nothing for a cluster that never had a real node. Called by ../down.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../env.sh
source "$here/../env.sh"
# shellcheck source=env.sh
source "$here/env.sh"

log() { echo "[realnode] $*" >&2; }
ctr_() { timeout 10 ctr --address "$containerd_sock" --namespace k8s.io "$@"; }

# Unmounted deepest first: container root filesystems, shm, pod volumes (service account tokens
# are tmpfs), network namespaces.
mounts() { awk -v a="$node_dir/" -v b="$node_run/" 'index($5, a) == 1 || index($5, b) == 1 {print $5}' /proc/self/mountinfo | sort -r; }

# Nothing to do when the node never ran or is already stopped (containerd's root with the images
# stays in node_dir on purpose).
[ -d "$node_run" ] || [ -n "$(node_pids)" ] || [ -n "$(mounts)" ] || exit 0

# stop PIDFILE: SIGTERM, then SIGKILL after 10 s.
stop() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 0
  rm -f "$1"
  [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$node_dir" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 20); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
}

# kube-proxy, CoreDNS and the API server relay, with their rules (network.sh); then the kubelet, so that
# it restarts nothing; then every container through containerd, which
# makes the shims exit; then containerd.
"$here/network.sh" down "$("$here/../bindir.sh")"
stop "$node_dir/kubelet.pid"
if [ -S "$containerd_sock" ] && ctr_ version >/dev/null 2>&1; then
  tasks=$(ctr_ tasks ls -q 2>/dev/null || true)
  for t in $tasks; do ctr_ tasks kill -s SIGKILL "$t" >/dev/null 2>&1 || true; done
  for t in $tasks; do
    for _ in $(seq 20); do
      ctr_ tasks delete "$t" >/dev/null 2>&1 && break
      ctr_ tasks ls -q 2>/dev/null | grep -qx "$t" || break
      sleep 0.25
    done
  done
  for c in $(ctr_ containers ls -q 2>/dev/null || true); do
    ctr_ containers delete "$c" >/dev/null 2>&1 || true
  done
fi
stop "$node_dir/containerd.pid"

# Whatever survived (lost pid files, a crashed containerd): kill it.
pids=$(node_pids)
if [ -n "$pids" ]; then
  log "killing leftover processes of the real node: $(echo $pids)"
  kill -KILL $pids 2>/dev/null || true
  sleep 0.5
fi

for m in $(mounts); do
  umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "cannot unmount $m"
done

# Pod cgroups, leaves first.
for d in /sys/fs/cgroup/*/"$cgroup_root" /sys/fs/cgroup/"$cgroup_root"; do
  [ -d "$d" ] || continue
  find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
  [ -d "$d" ] && log "cgroup $d remains"
done

if ip link show "$node_bridge" >/dev/null 2>&1; then
  ip link delete "$node_bridge"
fi
while iptables -D INPUT -d "$node_ip" -m addrtype ! --src-type LOCAL -m conntrack ! --ctstate ESTABLISHED,RELATED -j DROP 2>/dev/null; do :; done
# (the rule's form before replies were let through, on a node started by an older up.sh)
while iptables -D INPUT -d "$node_ip" -m addrtype ! --src-type LOCAL -j DROP 2>/dev/null; do :; done
# The sysctls the kubelet changed, back to what they were before the first real node started.
sysctl_saved="$BATON_CACHE/realnode/sysctl.saved"
if ! pgrep -x kubelet >/dev/null && [ -f "$sysctl_saved" ]; then
  while read -r kv; do sysctl -q -w "$kv" || true; done <"$sysctl_saved"
  rm -f "$sysctl_saved"
fi
# The kubelet's own chains (KUBE-FIREWALL, canaries, the hint) are shared by every kubelet of the
# machine: removed once none runs any more (a running one would put them back anyway).
if ! pgrep -x kubelet >/dev/null; then
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null || continue
    while "$ipt" -t filter -D INPUT -j KUBE-FIREWALL 2>/dev/null; do :; done
    while "$ipt" -t filter -D OUTPUT -j KUBE-FIREWALL 2>/dev/null; do :; done
    for table in filter nat mangle; do
      for chain in KUBE-FIREWALL KUBE-KUBELET-CANARY KUBE-IPTABLES-HINT; do
        "$ipt" -t "$table" -F "$chain" 2>/dev/null && "$ipt" -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
fi

rm -rf "$node_run" "$node_dir/kubelet" "$node_dir/pod-logs"
# The Node object goes too when the cluster still runs: no one should schedule onto a stopped node
# (and the real-node tests skip rather than wait for it).
if [ -f "$cluster_dir/kubeconfig.yaml" ] && command -v kubectl >/dev/null; then
  kubectl --kubeconfig "$cluster_dir/kubeconfig.yaml" --request-timeout=5s delete node "$REALNODE_NAME" \
    --ignore-not-found --wait=false >/dev/null 2>&1 || true
fi
rmdir /run/baton 2>/dev/null || true

left=$(mounts)
pids=$(node_pids)
if [ -n "$left$pids" ]; then
  log "the real node left processes ($(echo $pids)) or mounts ($(echo $left))"
  exit 1
fi
log "real node of cluster $BATON_CLUSTER stopped"
