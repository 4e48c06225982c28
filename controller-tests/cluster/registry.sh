#!/usr/bin/env bash
# The local cluster's image registry: Debian's docker-registry (the upstream distribution registry),
# one per cluster, listening on 127.0.0.1 only, plain HTTP. The real node's containerd pulls from it
# (realnode/up.sh writes a hosts.toml for this address only), and `make image-push-local` pushes the
# operator's image there, so the node gets the image the way a user's cluster does: by pulling it.
#
#   usage: registry.sh up       start it unless it runs (idempotent); prints its address HOST:PORT
#          registry.sh down     stop it (idempotent); its data stays for the next start
#          registry.sh address  print HOST:PORT if it runs, else exit 1
#
# Data (image blobs, so a push after a restart sends only what changed) under
# $BATON_CACHE/registry/<cluster>/data; its configuration and log beside it. The process runs with
# that directory as working directory: down.sh and this script find it by that, as they find the
# cluster's other processes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"

registry_dir="$BATON_CACHE/registry/$BATON_CLUSTER"
# A port per cluster, like the real node's kubelet port; not Debian's default 5000, which the package's
# own service may hold on a machine with systemd.
registry_port=$((5000 + $(printf %s "$BATON_CLUSTER" | cksum | cut -d' ' -f1) % 200 + 20))
registry_addr="127.0.0.1:$registry_port"

log() { echo "[registry] $*" >&2; }

registry_pids() {
  find /proc/[0-9]*/cwd -maxdepth 0 \( -lname "$registry_dir" -o -lname "$registry_dir (deleted)" \) 2>/dev/null | cut -d/ -f3
  return 0
}
answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$registry_addr/v2/")" = 200 ]; }

up() {
  if [ -n "$(registry_pids)" ] && answers; then
    echo "$registry_addr"
    return
  fi
  down
  if ! command -v docker-registry >/dev/null; then
    [ "$(id -u)" -eq 0 ] || { log "needs root to install docker-registry"; exit 1; }
    log "installing docker-registry"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry >&2 || {
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry >&2
    }
  fi
  if ss -Hltn "sport = :$registry_port" | grep -q .; then
    log "port $registry_port is in use by another process"
    exit 1
  fi
  mkdir -p "$registry_dir/data"
  cat >"$registry_dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog: {disabled: true}
storage:
  filesystem: {rootdirectory: $registry_dir/data}
  delete: {enabled: true}
http:
  addr: $registry_addr
EOF
  # Detached, without the caller's descriptors beyond stdio (a flock held around up.sh must not be
  # held for as long as the registry runs).
  (cd "$registry_dir" && exec setsid docker-registry serve "$registry_dir/config.yml" \
    </dev/null >>"$registry_dir/registry.log" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &)
  wait_for 20 "registry on $registry_addr" answers || { tail -n 20 "$registry_dir/registry.log" >&2; exit 1; }
  log "registry on http://$registry_addr (data in $registry_dir/data)"
  echo "$registry_addr"
}

down() {
  local pids
  pids=$(registry_pids)
  [ -z "$pids" ] && return
  # shellcheck disable=SC2086 # one pid per word
  kill $pids 2>/dev/null || true
  for _ in $(seq 20); do
    [ -z "$(registry_pids)" ] && return
    sleep 0.25
  done
  pids=$(registry_pids)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
}

case ${1:-} in
  up) up ;;
  down) down ;;
  address) [ -n "$(registry_pids)" ] && answers && echo "$registry_addr" ;;
  *) echo "usage: $0 up|down|address" >&2; exit 2 ;;
esac
