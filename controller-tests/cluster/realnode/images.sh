#!/usr/bin/env bash
# Builds the real node's images without a registry and prints the OCI archive that holds them:
#
#   localhost/baton/pause:<tag>        the pod sandbox (pause/pause.go, a static Go binary)
#   localhost/baton/step-bash:<tag>    Debian minbase (bash, coreutils): the default bash step image
#   localhost/baton/step-python:<tag>  the same plus python3: the default python step image
#   localhost/baton/step-sql:<tag>     the same plus psycopg 3: the default sql step image
#   localhost/baton/postgres:<tag>     Debian's PostgreSQL 15 server (what sql steps are tested against)
#   localhost/baton/step-notebook:<tag> the same plus Jupyter's kernel and papermill: the default notebook step image
#
# (names and tags in images.env). The root filesystem comes from debootstrap (Debian's
# minbase variant, from the mirror apt already uses), is packed into layers by umoci, and the
# OCI layout is archived for `ctr images import` (realnode/up.sh imports it). The archive is
# cached in a directory named after the inputs' hash (this script, pause.go, the suite), so a
# warm run prints it at once; changing any input builds a fresh one. Needs root (debootstrap,
# chroot, umoci keeping file owners).
#
# Environment: BATON_CACHE (default ~/.cache/baton); BATON_DEBIAN_MIRROR (default: the first
# Debian mirror of this machine's apt sources).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=images.env
source "$here/images.env"
cache=${BATON_CACHE:-$HOME/.cache/baton}

log() { echo "[realnode-images] $*" >&2; }

inputs=$(cat "$0" "$here/images.env" "$here/pause/pause.go" | sha256sum | cut -c1-12)
out="$cache/realnode-images-$REALNODE_SUITE-$inputs"
archive="$out/images.oci.tar"
if [ -f "$archive" ]; then
  echo "$archive"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { log "building the images needs root"; exit 1; }
# One build at a time (two clusters starting together); the second then finds the archive.
mkdir -p "$cache"
exec 9>"$cache/realnode-images.lock"
flock 9
if [ -f "$archive" ]; then
  echo "$archive"
  exit 0
fi
"$here/install.sh"

# The mirror apt uses (deb822 .sources or one-line sources.list), unless given.
mirror() {
  if [ -n "${BATON_DEBIAN_MIRROR:-}" ]; then echo "$BATON_DEBIAN_MIRROR"; return; fi
  local m
  m=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)
  [ -n "$m" ] || m=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)
  [ -n "$m" ] || { log "no Debian mirror in the apt sources; set BATON_DEBIAN_MIRROR"; exit 1; }
  echo "$m"
}

start=$(date +%s)
work=$(mktemp -d "$cache/realnode-images-build.XXXXXX")
cleanup() {
  # debootstrap and the chroot may leave /proc mounted if interrupted.
  for m in $(awk -v w="$work" '$2 ~ "^"w {print $2}' /proc/mounts | sort -r); do umount -l "$m" || true; done
  rm -rf "$work"
}
trap cleanup EXIT
layout="$work/oci"
umoci init --layout "$layout"

# usage: pack NEW BASE|"" COMMAND...
# Makes tag NEW from tag BASE (or from nothing) plus one layer: what COMMAND, given the unpacked
# root filesystem as its argument, changes there.
pack() {
  local new=$1 base=$2
  shift 2
  local bundle="$work/bundle-${new##*/}"
  bundle=${bundle//:/-}
  if [ -z "$base" ]; then
    umoci new --image "$layout:$new"
  else
    umoci tag --image "$layout:$base" "$new"
  fi
  umoci unpack --image "$layout:$new" "$bundle" >/dev/null
  "$@" "$bundle/rootfs"
  umoci repack --image "$layout:$new" "$bundle"
  rm -rf "$bundle"
}

debian_rootfs() {
  local rootfs=$1 m
  m=$(mirror)
  log "debootstrap $REALNODE_SUITE (minbase)"
  debootstrap --variant=minbase "$REALNODE_SUITE" "$rootfs" "$m" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    return 1
  }
  slim "$rootfs"
}

# usage: deb_layer ROOTFS PACKAGE...
# The PACKAGEs and what they need beyond the root filesystem: resolved and downloaded by the host's
# apt (its keys verify them; minbase has no gpgv) against the root filesystem's dpkg status, then
# installed inside it with dpkg (a conffile placed beforehand is kept).
deb_layer() {
  local rootfs=$1 debs="$work/debs" log="$work/debs.log"
  shift
  log "adding $*"
  rm -rf "$debs"
  mkdir -p "$debs/partial"
  apt-get update -qq >&2
  apt-get install -y -qq --download-only --no-install-recommends \
    -o Dir::State::status="$rootfs/var/lib/dpkg/status" -o Dir::Cache::archives="$debs" -o APT::Sandbox::User=root \
    "$@" >"$log" 2>&1 || { tail -n 30 "$log" >&2; return 1; }
  mkdir -p "$rootfs/tmp/debs"
  cp "$debs"/*.deb "$rootfs/tmp/debs/"
  [ -e "$rootfs/dev/null" ] || mknod -m 666 "$rootfs/dev/null" c 1 3
  mount -t proc proc "$rootfs/proc"
  local rc=0
  # A few rounds: one dpkg -i call does not order Pre-Depends (python3 -> python3-minimal ->
  # python3.11-minimal), each round configures one more level.
  chroot "$rootfs" /usr/bin/env DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    sh -c 'for i in 1 2 3 4; do dpkg -i --force-confold /tmp/debs/*.deb && exit 0; done; exit 1' >>"$log" 2>&1 || rc=$?
  umount "$rootfs/proc"
  rm -rf "$rootfs/tmp/debs"
  [ "$rc" -eq 0 ] || { tail -n 30 "$log" >&2; return 1; }
  slim "$rootfs"
}

# python3, the interpreter and its standard library.
python_layer() { deb_layer "$1" python3; }

# Drops what a step never needs: package caches and lists, docs, and the device nodes and
# resolv.conf the runtime provides.
slim() {
  local rootfs=$1
  # ${rootfs:?}: an empty rootfs must stop here, never expand to the host's /dev/* or /var/log/*.
  rm -rf "${rootfs:?}"/var/cache/apt/archives/*.deb "${rootfs:?}"/var/lib/apt/lists/* \
    "${rootfs:?}"/usr/share/doc/* "${rootfs:?}"/usr/share/man/* "${rootfs:?}"/usr/share/info/* \
    "${rootfs:?}"/usr/share/locale/* "${rootfs:?}"/var/log/* "${rootfs:?}"/dev/*
  : >"$rootfs/etc/resolv.conf"
}

# ---- sql steps (issue 18): the sql runner image and a PostgreSQL server to run it against ----
# step-sql: step-python plus Debian's psycopg 3 (python3-psycopg, libpq5). The runner itself comes with
# the operator (sql-runner.py is the container's command), so the image holds only the driver.
sql_layer() { deb_layer "$1" python3-psycopg; }

# postgres: Debian's PostgreSQL 15 server run as the postgres user, uid/gid 999 (fixed here, before the
# package would pick one, so that a pod can name it), and baton-postgres as the entrypoint: initdb on the
# first start with POSTGRES_USER (default postgres) and POSTGRES_PASSWORD (required, from a Secret) and
# POSTGRES_DB if set, then the server on port 5432 of every address, password (SCRAM) auth for every host.
# The package makes no cluster of its own.
postgres_layer() {
  local rootfs=$1
  echo 'postgres:x:999:999:PostgreSQL administrator:/var/lib/postgresql:/bin/sh' >>"$rootfs/etc/passwd"
  echo 'postgres:x:999:' >>"$rootfs/etc/group"
  echo 'postgres:*:20000:0:99999:7:::' >>"$rootfs/etc/shadow"
  mkdir -p "$rootfs/etc/postgresql-common"
  echo 'create_main_cluster = false' >"$rootfs/etc/postgresql-common/createcluster.conf"
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d" # no service starts in the chroot
  chmod 755 "$rootfs/usr/sbin/policy-rc.d"
  deb_layer "$rootfs" postgresql-15
  rm -f "$rootfs/usr/sbin/policy-rc.d"
  # What the server never uses: LLVM and its z3 (JIT is off), the full perl of postgresql-common's
  # wrapper scripts (the entrypoint calls the binaries) and the locale sources (initdb uses C).
  rm -rf "${rootfs:?}"/usr/lib/postgresql/15/lib/llvmjit* "${rootfs:?}"/usr/lib/postgresql/15/lib/bitcode \
    "${rootfs:?}"/usr/lib/x86_64-linux-gnu/libLLVM-* "${rootfs:?}"/usr/lib/x86_64-linux-gnu/libz3.so* \
    "${rootfs:?}"/usr/lib/x86_64-linux-gnu/perl "${rootfs:?}"/usr/share/perl "${rootfs:?}"/usr/share/i18n
  mkdir -p "$rootfs/var/lib/postgresql/data"
  chmod 1777 "$rootfs/var/lib/postgresql/data"
  cat >"$rootfs/usr/local/bin/baton-postgres" <<'ENTRYPOINT'
#!/bin/sh
# The PostgreSQL test server (realnode/images.sh): initdb on the first start, then the server.
set -eu
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD, from a Secret}"
user=${POSTGRES_USER:-postgres}
data=${PGDATA:-/var/lib/postgresql/data/pgdata}
bin=/usr/lib/postgresql/15/bin
if [ ! -s "$data/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  "$bin/initdb" -D "$data" -U "$user" --pwfile="$pwfile" --auth=scram-sha-256 --encoding=UTF8 --locale=C
  rm -f "$pwfile"
  printf 'host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n' >>"$data/pg_hba.conf"
  if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then
    echo "CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$user\"" | "$bin/postgres" --single -D "$data" postgres >/dev/null
  fi
fi
unset POSTGRES_PASSWORD
exec "$bin/postgres" -D "$data" -c listen_addresses='*' -c unix_socket_directories=/tmp -c jit=off
ENTRYPOINT
  chmod 755 "$rootfs/usr/local/bin/baton-postgres"
}
# ---- end of sql steps ----
# ---- notebook steps (issue 18): begin ----
# step-notebook: step-python plus what papermill runs a notebook with, from Debian (nbclient, nbformat,
# jupyter-client, ipykernel and its python3 kernelspec), and papermill itself from PyPI (Debian has none),
# without its dependencies (all of them from Debian above). The runner comes with the operator.
NOTEBOOK_DEBS=(python3-ipykernel python3-nbclient python3-nbformat python3-jupyter-client python3-click
  python3-yaml python3-requests python3-tenacity python3-tqdm python3-entrypoints)
notebook_layer() {
  local rootfs=$1
  placeholder_deb "$rootfs" gdb
  deb_layer "$rootfs" "${NOTEBOOK_DEBS[@]}"
  pip_in_chroot "$rootfs" install --no-deps --no-compile --break-system-packages "papermill==$REALNODE_PAPERMILL_VERSION"
  # Compiled only now, as root: the step's user could not write __pycache__ next to the sources.
  chroot "$rootfs" python3 -m compileall -q /usr/local/lib >/dev/null
  chroot "$rootfs" python3 -c 'import papermill, nbclient, ipykernel; print("papermill", papermill.__version__)' >&2
  slim "$rootfs"
}

# usage: placeholder_deb ROOTFS PACKAGE
# Marks PACKAGE installed with an empty package of that name, so that what depends on it installs without
# it. For gdb: ipykernel needs debugpy, whose pydevd depends on gdb (with ICU and libpython, some 60 MB)
# only to attach to a running process, which a notebook step never does.
placeholder_deb() {
  local rootfs=$1 package=$2 dir="$work/placeholder-$2"
  mkdir -p "$dir/DEBIAN"
  printf 'Package: %s\nVersion: 99:0\nArchitecture: all\nMaintainer: Baton\nDescription: placeholder, see realnode/images.sh\n' \
    "$package" >"$dir/DEBIAN/control"
  dpkg-deb --build "$dir" "$rootfs/tmp/$package.deb" >/dev/null
  chroot "$rootfs" dpkg -i "/tmp/$package.deb" >/dev/null
  rm -f "$rootfs/tmp/$package.deb"
}

# usage: pip_in_chroot ROOTFS PIP-ARGUMENT...
# Runs pip inside the root filesystem with this machine's pip configuration: /etc/pip.conf, the PIP_* and
# proxy variables, and the files or directories they name (a CA bundle, a find-links directory) mounted
# read-only at the same paths, with the host's CA certificates and resolv.conf. pip itself is Debian's
# wheel (python3-pip-whl) run from the wheel file, so that no pip stays in the image.
pip_in_chroot() {
  local rootfs=$1 wheels="$work/pip-whl" rc=0 var value path mounts=() created=()
  shift
  [ -e "$rootfs/dev/null" ] || mknod -m 666 "$rootfs/dev/null" c 1 3
  mkdir -p "$wheels"
  (cd "$wheels" && apt-get download -qq -o APT::Sandbox::User=root python3-pip-whl >&2)
  dpkg-deb -x "$wheels"/python3-pip-whl_*.deb "$wheels/x"
  local pip_whl
  pip_whl=$(find "$wheels/x/usr/share/python-wheels" -name 'pip-*.whl' | head -n1)
  cp "$pip_whl" "$rootfs/tmp/pip.whl"
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  [ -f /etc/pip.conf ] && cp /etc/pip.conf "$rootfs/etc/pip.conf"
  local paths=(/etc/ssl/certs)
  for var in $(compgen -e | grep -E '^PIP_' || true); do
    for value in ${!var}; do [[ $value == /* && -e $value ]] && paths+=("$value"); done
  done
  if [ -f /etc/pip.conf ]; then
    for value in $(sed -n 's/^[^#;=]*=[[:space:]]*//p' /etc/pip.conf); do [[ $value == /* && -e $value ]] && paths+=("$value"); done
  fi
  for path in "${paths[@]}"; do
    if [ -d "$path" ]; then
      [ -d "$rootfs$path" ] || { mkdir -p "$rootfs$path"; created+=("$path"); }
    else
      [ -e "$rootfs$path" ] && continue # inside a directory mounted already
      mkdir -p "$(dirname "$rootfs$path")"
      : >"$rootfs$path"
      created+=("$path")
    fi
    mount --bind -o ro "$path" "$rootfs$path"
    mounts=("$path" "${mounts[@]}")
  done
  mount -t proc proc "$rootfs/proc"
  local env=(PATH=/usr/local/bin:/usr/bin:/bin HOME=/root)
  for var in $(compgen -e | grep -E '^(PIP_|https?_proxy$|HTTPS?_PROXY$|no_proxy$|NO_PROXY$)' || true); do env+=("$var=${!var}"); done
  log "pip ${*}"
  chroot "$rootfs" /usr/bin/env -i "${env[@]}" python3 /tmp/pip.whl/pip "$@" >"$work/pip.log" 2>&1 || rc=$?
  umount "$rootfs/proc"
  for path in "${mounts[@]}"; do umount "$rootfs$path"; done
  for path in "${created[@]}"; do rmdir "$rootfs$path" 2>/dev/null || rm -f "$rootfs$path"; done
  rm -rf "$rootfs/tmp/pip.whl" "$rootfs/etc/pip.conf" "$rootfs/root/.cache"
  [ "$rc" -eq 0 ] || { tail -n 30 "$work/pip.log" >&2; return 1; }
}
# ---- notebook steps (issue 18): end ----

pause_rootfs() {
  local rootfs=$1
  CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -ldflags "-s -w" -o "$rootfs/pause" "$here/pause/pause.go"
}

config() {
  local image=$1
  shift
  umoci config --image "$layout:$image" --os linux --architecture amd64 "$@"
}

path=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
pack "$REALNODE_PAUSE_IMAGE" "" pause_rootfs
config "$REALNODE_PAUSE_IMAGE" --config.entrypoint /pause
pack "$REALNODE_BASH_IMAGE" "" debian_rootfs
config "$REALNODE_BASH_IMAGE" --config.env "$path" --config.cmd bash --config.workingdir /
pack "$REALNODE_PYTHON_IMAGE" "$REALNODE_BASH_IMAGE" python_layer
config "$REALNODE_PYTHON_IMAGE" --config.env "$path" --config.cmd python3 --config.workingdir /
# sql steps (issue 18): the sql runner image, and the PostgreSQL server it is tested against.
pack "$REALNODE_SQL_IMAGE" "$REALNODE_PYTHON_IMAGE" sql_layer
config "$REALNODE_SQL_IMAGE" --config.env "$path" --config.cmd python3 --config.workingdir /
pack "$REALNODE_POSTGRES_IMAGE" "$REALNODE_BASH_IMAGE" postgres_layer
config "$REALNODE_POSTGRES_IMAGE" --config.env "$path" --config.entrypoint /usr/local/bin/baton-postgres \
  --config.user 999:999 --config.workingdir /var/lib/postgresql --config.exposedports 5432/tcp
# notebook steps (issue 18): papermill and a Jupyter kernel over the python image.
pack "$REALNODE_NOTEBOOK_IMAGE" "$REALNODE_PYTHON_IMAGE" notebook_layer
config "$REALNODE_NOTEBOOK_IMAGE" --config.env "$path" --config.cmd python3 --config.workingdir /
umoci gc --layout "$layout"

mkdir -p "$out"
tar -C "$layout" -cf "$archive.tmp" .
mv "$archive.tmp" "$archive"
# Archives of earlier inputs are stale (a node imports the current one when it starts).
find "$cache" -maxdepth 1 -name 'realnode-images-*' ! -name 'realnode-images-build.*' ! -name '*.lock' \
  ! -path "$out" -exec rm -rf {} +
log "built $(du -h "$archive" | cut -f1) of images in $(($(date +%s) - start))s: $archive"
echo "$archive"
