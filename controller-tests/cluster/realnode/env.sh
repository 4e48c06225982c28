# Settings of the real node (realnode/up.sh, realnode/down.sh); sourced after ../env.sh, which
# defines BATON_CLUSTER, BATON_CACHE and cluster_dir. Everything is per cluster, so clusters
# with different names can each have a real node.
# shellcheck shell=bash
# shellcheck disable=SC2034 # the settings are read by up.sh and down.sh, which source this file

# The node's name in its cluster, and the label and taint that tell it from kwok's nodes
# (labelled type=kwok): a pod lands on it only if it selects the label and tolerates the taint.
REALNODE_NAME=real-node
REALNODE_LABEL=baton.dev/real-node
REALNODE_TAINT=baton.dev/real-node

# Persistent: containerd's root (imported images survive down/up), configurations, logs.
# Wiped by down.sh: the kubelet's root and the pod logs.
node_dir="$BATON_CACHE/realnode/$BATON_CLUSTER"
# Runtime state: containerd's state and sockets, CNI configuration and IP allocations, pod
# network namespaces. Under /run so that a reboot clears it.
node_run="/run/baton/$BATON_CLUSTER"
containerd_sock="$node_run/containerd.sock"

# A small number derived from the cluster name picks the pod subnet, the bridge and the kubelet
# port, so that two clusters' nodes do not collide (up.sh checks that nothing else uses them).
node_index=$(($(printf %s "$BATON_CLUSTER" | cksum | cut -d' ' -f1) % 200 + 20))
# The bridge of the pods, also holding the node's IP: kubelet refuses a loopback node IP, so
# the node IP is the bridge's gateway address, a host-local address that up.sh firewalls
# against every source but this machine.
node_bridge="baton-$BATON_CLUSTER"
[ ${#node_bridge} -le 15 ] || node_bridge="baton$node_index"
node_subnet="10.231.$node_index.0/24"
node_ip="10.231.$node_index.1"
kubelet_port=$((10300 + node_index))
# In-cluster networking (network.sh): kube-proxy's health and metrics and CoreDNS's readiness, on loopback.
kube_proxy_healthz_port=$((10600 + node_index))
kube_proxy_metrics_port=$((10900 + node_index))
dns_ready_port=$((11200 + node_index))
# The API server's default Service range is 10.0.0.0/24 (kwokctl sets none): the `kubernetes` Service
# gets its first address, and the cluster DNS a fixed one of the range's static band, as kubeadm does.
kubernetes_service_ip=10.0.0.1
cluster_dns_ip=10.0.0.10
cluster_domain=cluster.local
cgroup_root="baton-$BATON_CLUSTER"

# Every process of the node: containerd and kubelet run with node_dir as working directory;
# containerd's shims name its socket on their command line; pod processes live in cgroup_root.
# (The bracket keeps grep from matching its own command line.)
node_pids() {
  {
    find /proc/[0-9]*/cwd -maxdepth 0 \( -lname "$node_dir" -o -lname "$node_dir (deleted)" \) 2>/dev/null | cut -d/ -f3
    grep -ls -- "${containerd_sock%?}[${containerd_sock: -1}]" /proc/[0-9]*/cmdline | cut -d/ -f3
    grep -ls -- ":/$cgroup_root/" /proc/[0-9]*/cgroup | cut -d/ -f3
  } | grep -vx "$$" | sort -un
  return 0
}
