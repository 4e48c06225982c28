#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok and kwokctl (and,
# with the argument `realnode`, the real node's kubelet, kube-proxy and CoreDNS, with `helm` the helm
# CLI of the demo, with `jobset` JobSet's controller and CRD, and with `kueue` Kueue's controller manager and
# CRDs) from their upstream Go modules into a versioned cache directory, and prints that directory.
# Only missing binaries are built, so a warm run takes a second.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"
bin=$("$here/bindir.sh")
mkdir -p "$bin"
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false

log() { echo "[cluster-build] $*" >&2; }

missing() { for b in "$@"; do [ -x "$bin/$b" ] || return 0; done; return 1; }

minor=${KUBE_VERSION#v1.}; minor=${minor%%.*}
kube_ld=""
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kube_ld+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  kube_ld+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done

if missing kube-apiserver kube-controller-manager kube-scheduler; then
  log "building Kubernetes $KUBE_VERSION control plane (a cold build takes 10-25 minutes)"
  (cd "$here/kube" && go build -trimpath -ldflags "-s -w $kube_ld" -o "$bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler)
fi

# The real node's kubelet and kube-proxy (same module and flags) and its cluster DNS, only when asked
# for (`build.sh realnode`; `kubelet` alone is still accepted): kwok-only clusters never need them.
# Built apart so that adding them does not rebuild the control plane.
if [[ " $* " == *" realnode "* || " $* " == *" kubelet "* ]] && missing kubelet; then
  log "building kubelet $KUBE_VERSION (a cold build takes several minutes)"
  (cd "$here/kube" && go build -trimpath -ldflags "-s -w $kube_ld" -o "$bin/" \
    k8s.io/kubernetes/cmd/kubelet)
fi
if [[ " $* " == *" realnode "* ]] && missing kube-proxy; then
  log "building kube-proxy $KUBE_VERSION"
  (cd "$here/kube" && go build -trimpath -ldflags "-s -w $kube_ld" -o "$bin/" \
    k8s.io/kubernetes/cmd/kube-proxy)
fi
# Its version is checked, not only its presence: COREDNS_VERSION does not name the directory.
coredns_current() { [ -x "$bin/coredns" ] && "$bin/coredns" -version 2>/dev/null | grep -qx "CoreDNS-${COREDNS_VERSION#v}"; }
if [[ " $* " == *" realnode "* ]] && ! coredns_current; then
  grep -q "github.com/coredns/coredns $COREDNS_VERSION\$" "$here/coredns/go.mod" ||
    { log "coredns/go.mod does not require CoreDNS $COREDNS_VERSION (versions.env): update both together"; exit 1; }
  log "building CoreDNS $COREDNS_VERSION"
  (cd "$here/coredns" && go build -trimpath -ldflags "-s -w" -o "$bin/coredns" .)
fi

# The helm CLI, for `make demo`'s helm install, only when asked for (`build.sh helm`).
helm_current() { [ -x "$bin/helm" ] && "$bin/helm" version --template '{{.Version}}' 2>/dev/null | grep -qx "$HELM_VERSION"; }
if [[ " $* " == *" helm "* ]] && ! helm_current; then
  grep -q "helm.sh/helm/v3 $HELM_VERSION\$" "$here/helm/go.mod" ||
    { log "helm/go.mod does not require helm $HELM_VERSION (versions.env): update both together"; exit 1; }
  log "building helm $HELM_VERSION"
  (cd "$here/helm" && go build -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    -o "$bin/helm" helm.sh/helm/v3/cmd/helm)
fi

# JobSet's controller, a compute engine for resource steps (ResourceStepIT), only when asked for (`build.sh
# jobset`): built in the module's own source tree, with its own go.mod and go.sum (the module proxy's checksum
# database vouches for the module), and its CRD copied from the same tree. Both are named after JOBSET_VERSION,
# which does not name the directory.
if [[ " $* " == *" jobset "* ]] && [ ! -x "$bin/jobset-controller-$JOBSET_VERSION" ]; then
  log "building the JobSet controller $JOBSET_VERSION"
  go mod download "sigs.k8s.io/jobset@$JOBSET_VERSION"
  src="$(go env GOMODCACHE)/sigs.k8s.io/jobset@$JOBSET_VERSION"
  (cd "$src" && go build -trimpath -ldflags "-s -w -X sigs.k8s.io/jobset/pkg/version.GitVersion=$JOBSET_VERSION" \
    -o "$bin/jobset-controller-$JOBSET_VERSION.part" .)
  install -m 644 "$src/config/components/crd/bases/jobset.x-k8s.io_jobsets.yaml" "$bin/jobset-crd-$JOBSET_VERSION.yaml"
  mv "$bin/jobset-controller-$JOBSET_VERSION.part" "$bin/jobset-controller-$JOBSET_VERSION"
fi
# --- Kueue (issue 21) ---
# Kueue's controller manager and its CRDs, for KueueIT, only when asked for (`build.sh kueue`), into
# kueue-<version>/ (kueue, crds/): KUEUE_VERSION does not name the cache directory.
if [[ " $* " == *" kueue "* ]] && [ ! -x "$bin/kueue-$KUEUE_VERSION/kueue" ]; then
  grep -q "sigs.k8s.io/kueue $KUEUE_VERSION\$" "$here/kueue/go.mod" ||
    { log "kueue/go.mod does not require Kueue $KUEUE_VERSION (versions.env): update both together"; exit 1; }
  log "building Kueue $KUEUE_VERSION (a cold build takes several minutes)"
  rm -rf "$bin/kueue-$KUEUE_VERSION.tmp" && mkdir -p "$bin/kueue-$KUEUE_VERSION.tmp/crds"
  (cd "$here/kueue" && go build -trimpath -ldflags "-s -w -X sigs.k8s.io/kueue/pkg/version.GitVersion=$KUEUE_VERSION" \
    -o "$bin/kueue-$KUEUE_VERSION.tmp/kueue" sigs.k8s.io/kueue/cmd/kueue)
  # The CRDs come from the same module's source, as Kueue's own kustomization installs them.
  src=$(cd "$here/kueue" && go list -m -f '{{.Dir}}' sigs.k8s.io/kueue)
  cp "$src"/config/components/crd/bases/*.yaml "$bin/kueue-$KUEUE_VERSION.tmp/crds/"
  chmod u+w "$bin/kueue-$KUEUE_VERSION.tmp/crds/"*.yaml
  rm -rf "$bin/kueue-$KUEUE_VERSION" && mv "$bin/kueue-$KUEUE_VERSION.tmp" "$bin/kueue-$KUEUE_VERSION"
fi
# --- end Kueue ---

if missing etcd; then
  log "building etcd $ETCD_VERSION"
  (cd "$here/etcd" && go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3)
fi

if missing kwok kwokctl; then
  log "building kwok $KWOK_VERSION"
  ld="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${KUBE_VERSION#v}"
  (cd "$here/kwok" && go build -trimpath -ldflags "$ld" -o "$bin/" \
    sigs.k8s.io/kwok/cmd/kwok sigs.k8s.io/kwok/cmd/kwokctl)
fi
echo "$bin"
