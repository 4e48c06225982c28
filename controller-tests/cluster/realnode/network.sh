#!/usr/bin/env bash
# In-cluster networking of the real node, as a production node has it: kube-proxy routes Service
# ClusterIPs (so pods reach the API server through the `kubernetes` Service), and CoreDNS answers
# cluster names as the kube-dns Service (the kubelet hands pods its ClusterIP as their nameserver).
#
#   usage: realnode/network.sh up KUBECTL_BINARY BIN_DIR   start what does not run (idempotent)
#          realnode/network.sh down BIN_DIR                stop it and remove its rules (idempotent)
#
# Called by up.sh once the node is Ready, and by down.sh. Exit status 3: cannot run on this machine.
#
# Why the pieces are as they are:
# - kube-proxy in iptables mode: this kernel has nf_tables and the xtables matches kube-proxy uses built
#   in (no loadable modules), and `iptables` (nf_tables backend) is already installed for the kubelet,
#   whose own chains are iptables chains (iptables-nft: the rules land in nf_tables anyway). nftables mode
#   would also run on this kernel but needs the `nft` tool besides; iptables is kube-proxy's default.
# - The API server listens on 127.0.0.1 only (every cluster process does). It advertises the node IP
#   (../up.sh), so the `kubernetes` Service's endpoint is NODE_IP:PORT, where a relay (socat) forwards to
#   127.0.0.1:PORT. A DNAT straight to 127.0.0.1 is impossible: EndpointSlices refuse loopback addresses.
# - CoreDNS runs on the node as a process, not as a pod (it needs no image), bound to the node IP; the
#   kube-dns Service has no selector and an EndpointSlice naming NODE_IP:53.
# - The node IP is closed to new connections from every source but this machine (up.sh); pods get
#   exactly two exceptions: the relay's port and DNS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../env.sh
source "$here/../env.sh"
# shellcheck source=env.sh
source "$here/env.sh"

log() { echo "[realnode-network] $*" >&2; }

# alive NAME: the process of NAME.pid runs, as a process of this node (working directory node_dir).
alive() { [ -f "$node_dir/$1.pid" ] && [ "$(readlink "/proc/$(cat "$node_dir/$1.pid")/cwd" 2>/dev/null)" = "$node_dir" ]; }
# start NAME COMMAND...: detached, with node_dir as working directory (down.sh finds node processes by it),
# without the caller's descriptors beyond stdio (a flock around up.sh must not outlive it).
# Writes stdin to a file only when its content differs, and says whether it did: kube-proxy watches its
# configuration file and exits when it changes (a rewrite by a second up.sh, even of the same text, made
# it quit), so a changed file means a restart, and an unchanged one is left alone.
write_if_changed() {
  local file=$1 tmp
  tmp=$(mktemp "$file.XXXXXX")
  cat >"$tmp"
  if cmp -s "$tmp" "$file"; then rm -f "$tmp"; return 1; fi
  mv -f "$tmp" "$file"
}
start() {
  local name=$1
  shift
  alive "$name" && return
  (cd "$node_dir" && exec setsid "$@" </dev/null >>"$node_dir/logs/$name.log" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
    echo $! >"$node_dir/$name.pid")
}
stop() {
  local pid
  alive "$1" || { rm -f "$node_dir/$1.pid"; return 0; }
  pid=$(cat "$node_dir/$1.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$node_dir/$1.pid"
}

# The firewall exceptions for pods: the API server relay and DNS on the node IP, before up.sh's DROP.
pod_rules() {
  echo "-s $node_subnet -d $node_ip -p tcp --dport $1 -j ACCEPT"
  echo "-s $node_subnet -d $node_ip -p udp --dport 53 -j ACCEPT"
  echo "-s $node_subnet -d $node_ip -p tcp --dport 53 -j ACCEPT"
}

# Other clusters' kube-proxies on this machine: they would rewrite the same KUBE-* chains.
foreign_kube_proxy() { pgrep -x kube-proxy | grep -vx "$(cat "$node_dir/kube-proxy.pid" 2>/dev/null || echo none)"; }

up() {
  local kubectl_bin=$1 bin=$2 api_port rule
  k() { "$kubectl_bin" --kubeconfig "$cluster_dir/kubeconfig.yaml" --request-timeout=5s "$@"; }
  if foreign_kube_proxy >/dev/null; then
    log "another cluster's real node runs kube-proxy on this machine (one per machine: they share the host's iptables)"
    exit 3
  fi
  api_port=$(sed -n 's|^ *server: https://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$cluster_dir/kubeconfig.yaml" | head -n1)
  [ -n "$api_port" ] || { log "no API server port in $cluster_dir/kubeconfig.yaml"; exit 1; }

  # Pod to Service to a pod on the same bridge: the reply is bridged, and must pass netfilter to be
  # un-NATed (the sysctl's value before the node started is restored by down.sh).
  sysctl -q -w net.bridge.bridge-nf-call-iptables=1
  while read -r rule; do
    # shellcheck disable=SC2086 # a rule is several words
    iptables -C INPUT $rule 2>/dev/null || iptables -I INPUT $rule
  done < <(pod_rules "$api_port")

  start apiserver-relay socat "TCP-LISTEN:$api_port,bind=$node_ip,reuseaddr,fork" "TCP:127.0.0.1:$api_port"

  k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}
spec:
  clusterIP: $cluster_dns_ip
  ports:
  - {name: dns, port: 53, protocol: UDP, targetPort: 53}
  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kube-dns-real-node
  namespace: kube-system
  labels: {kubernetes.io/service-name: kube-dns, endpointslice.kubernetes.io/managed-by: baton.dev-realnode}
addressType: IPv4
endpoints:
- addresses: [$node_ip]
  conditions: {ready: true}
  nodeName: $REALNODE_NAME
ports:
- {name: dns, port: 53, protocol: UDP}
- {name: dns-tcp, port: 53, protocol: TCP}
EOF

  if write_if_changed "$node_dir/Corefile" <<EOF
.:53 {
    bind $node_ip
    errors
    ready 127.0.0.1:$dns_ready_port
    kubernetes $cluster_domain in-addr.arpa ip6.arpa {
        kubeconfig $cluster_dir/kubeconfig.yaml
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    forward . /etc/resolv.conf
    cache 30
}
EOF
  then stop coredns; fi
  start coredns "$bin/coredns" -conf "$node_dir/Corefile"

  if write_if_changed "$node_dir/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: {kubeconfig: $cluster_dir/kubeconfig.yaml}
hostnameOverride: $REALNODE_NAME
bindAddress: $node_ip
# Per cluster, on loopback (the defaults 10256 and 10249 would collide and listen everywhere).
healthzBindAddress: 127.0.0.1:$kube_proxy_healthz_port
metricsBindAddress: 127.0.0.1:$kube_proxy_metrics_port
clusterCIDR: $node_subnet
detectLocalMode: ClusterCIDR
# NodePorts on the node IP only, never on this machine's other interfaces, nor on 127.0.0.1 (that would
# set route_localnet machine-wide).
nodePortAddresses: [$node_ip/32]
iptables: {localhostNodePorts: false, minSyncPeriod: 1s}
# Machine-wide conntrack sysctls stay as they are (0: do not set).
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
  then stop kube-proxy; fi
  start kube-proxy "$bin/kube-proxy" --config "$node_dir/kube-proxy.yaml"

  wait_for 30 "CoreDNS ready" curl -sf --max-time 2 "http://127.0.0.1:$dns_ready_port/ready" ||
    { tail -n 20 "$node_dir/logs/coredns.log" >&2; exit 1; }
  # healthz answers 200 once kube-proxy has written the Services' rules.
  wait_for 30 "kube-proxy synced" curl -sf --max-time 2 "http://127.0.0.1:$kube_proxy_healthz_port/healthz" ||
    { tail -n 20 "$node_dir/logs/kube-proxy.log" >&2; exit 1; }
  alive apiserver-relay || { tail -n 20 "$node_dir/logs/apiserver-relay.log" >&2; exit 1; }
  log "kube-proxy (iptables), CoreDNS on $node_ip:53 as Service kube-dns ($cluster_dns_ip), API server relay on $node_ip:$api_port"
}

down() {
  local bin=$1
  stop kube-proxy
  stop coredns
  stop apiserver-relay
  # kube-proxy's chains are shared by every kube-proxy of the machine: removed once none runs
  # (--cleanup removes its iptables, ipvs and nftables rules and exits).
  if ! pgrep -x kube-proxy >/dev/null && [ -x "$bin/kube-proxy" ] && iptables -t nat -S KUBE-SERVICES >/dev/null 2>&1; then
    "$bin/kube-proxy" --cleanup >>"$node_dir/logs/kube-proxy.log" 2>&1 || log "kube-proxy --cleanup failed (see $node_dir/logs/kube-proxy.log)"
  fi
  # The relay's port is the API server's, which a recreated cluster may have changed: every such rule.
  iptables -S INPUT | sed -n "s|^-A INPUT \(-s $node_subnet -d $node_ip/32 .* -j ACCEPT\)$|\1|p" |
    while read -r rule; do
      # shellcheck disable=SC2086 # a rule is several words
      iptables -D INPUT $rule || true
    done
}

case ${1:-} in
  up) up "$2" "$3" ;;
  down) down "$2" ;;
  *) sed -n '6,7p' "$0" >&2; exit 2 ;;
esac
