#!/usr/bin/env bash
# make demo: from a fresh clone, bring up the local kwok cluster (with a real node when this machine can
# run one, see realnode/), install the CRDs and the operator, run the examples and show their status.
# With a real node the operator is installed as users install it: its image built by Maven (Jib), pushed
# to the local registry, and `helm install`ed; the node pulls and runs it. Without one (not Linux, not
# root), the demo says so and falls back to running the operator as a JVM on this machine.
# Safe to run twice: the demo namespace's instances are recreated and the operator upgraded or restarted.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
# shellcheck source=controller-tests/cluster/env.sh
source "$repo/controller-tests/cluster/env.sh"
state=${BATON_CACHE:-$HOME/.cache/baton}
ns=baton-demo
examples=(hello diamond conditional outputs-to-params foreach nested-foreach while subworkflow cron signals exit-hooks)

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

say "Starting the local cluster (etcd, kube-apiserver, controller-manager, scheduler, kwok, a real node if possible)"
# auto: a real node (kubelet, containerd, runc) when this machine can run one, else kwok alone.
BATON_REAL_NODE=${BATON_REAL_NODE:-auto} "$repo/controller-tests/cluster/up.sh" >/dev/null
export KUBECONFIG=${BATON_KUBECONFIG:-$state/kubeconfig}
# The real node names the step images it holds; bash and python steps then default to them.
real_bash=$(kubectl get node real-node -o jsonpath='{.metadata.annotations.baton\.dev/step-bash-image}' 2>/dev/null || true)
real_python=$(kubectl get node real-node -o jsonpath='{.metadata.annotations.baton\.dev/step-python-image}' 2>/dev/null || true)
if [ -n "$real_bash" ]; then
  echo "Real node: real-node runs containers (bash image $real_bash, python image $real_python)"
else
  echo "No real node (see the log above): every pod is simulated by kwok"
fi

say "Installing the CRDs"
# Helm installs a chart's CRDs only when they are missing and never upgrades them: applied here, so a
# changed model reaches a cluster that has older ones.
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
# A CRD created a moment ago may have no status yet, which `kubectl wait` refuses at once: ask again.
wait_for 60 "the CRDs to be Established" kubectl wait --for=condition=Established crd/workflows.baton.dev \
  crd/workflowinstances.baton.dev --timeout=5s || { kubectl get crd workflows.baton.dev workflowinstances.baton.dev; exit 1; }

# An operator of an earlier demo, whichever way it ran, goes first: two would reconcile the same runs.
"$repo/controller-tests/cluster/demo-stop.sh" >/dev/null
if [ -n "$real_bash" ]; then
  say "Building the operator image (Maven, Jib) and pushing it to the local registry"
  operator/image/image.sh local
  registry=$("$repo/controller-tests/cluster/registry.sh" address)
  helm=$("$repo/controller-tests/cluster/build.sh" helm)/helm
  export HELM_CONFIG_HOME=$state/helm/config HELM_CACHE_HOME=$state/helm/cache HELM_DATA_HOME=$state/helm/data
  say "Installing the operator with helm install (release baton, namespace baton-system) on the real node"
  # The image digest as a pod annotation: a rebuilt image (same tag) rolls the pod on a second demo.
  if ! "$helm" upgrade --install baton helm/baton -n baton-system --create-namespace --wait --timeout 5m \
    -f controller-tests/cluster/realnode/demo-values.yaml --set image.repository="$registry/baton/operator" \
    --set stepImages.bash="$real_bash" --set stepImages.python="$real_python" \
    --set-string "podAnnotations.baton\.dev/image=$(cat operator/target/jib-image.digest)"; then
    kubectl -n baton-system describe pods -l app.kubernetes.io/instance=baton | tail -40
    kubectl -n baton-system logs -l app.kubernetes.io/instance=baton --tail=40 || true
    exit 1
  fi
  kubectl -n baton-system get deployment,pods -o wide
  operator_log="kubectl -n baton-system logs deploy/baton -f"
  console="kubectl -n baton-system port-forward svc/baton-console 8080:80   # then http://localhost:8080/console/ (read-only)"
else
  say "FALLBACK, not the way users install Baton: the operator runs as a JVM on this machine"
  echo "(helm install needs a node that runs the operator's image, and this cluster has no real node: see above)"
  mvn -B -q -pl operator -am package -DskipTests
  nohup java -Xss8m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=18080 -jar operator/target/quarkus-app/quarkus-run.jar \
    >"$state/demo-operator.log" 2>&1 &
  echo $! >"$state/demo-operator.pid"
  for _ in $(seq 1 120); do
    curl -fs http://127.0.0.1:18080/q/health/ready >/dev/null 2>&1 && break
    kill -0 "$(cat "$state/demo-operator.pid")" 2>/dev/null || { tail -40 "$state/demo-operator.log"; exit 1; }
    sleep 0.5
  done
  operator_log="tail -f $state/demo-operator.log"
  console="http://127.0.0.1:18080/console/   # the web console of the operator JVM (read-only)"
fi

say "Running the examples in namespace $ns"
kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl -n "$ns" delete workflowinstances --all --wait=true >/dev/null
for e in "${examples[@]}"; do kubectl -n "$ns" apply -f "examples/$e.yaml"; done
[ -n "$real_bash" ] && kubectl -n "$ns" apply -f controller-tests/cluster/realnode/demo.yaml

# Triggered instances (the cron example's backfill) are created by the operator, a moment after the apply.
kubectl -n "$ns" wait bwf/nightly-report --for=jsonpath='{.status.backfill}' --timeout=60s >/dev/null || true
kubectl -n "$ns" wait bwf/orders-report --for=jsonpath='{.status.triggers[0].lastInstance}' --timeout=60s >/dev/null || true
say "Waiting for the instances to end"
for i in $(kubectl -n "$ns" get workflowinstances -l '!baton.dev/parent' -o name); do
  kubectl -n "$ns" wait "$i" --for=jsonpath='{.status.completionTime}' --timeout=180s >/dev/null || true
done
# The mailer starts when the report's join step emits report-ready, so only once that instance ended.
kubectl -n "$ns" wait bwf/report-mailer --for=jsonpath='{.status.triggers[0].lastInstance}' --timeout=60s >/dev/null || true
for i in $(kubectl -n "$ns" get workflowinstances -l 'baton.dev/trigger=on-report' -o name); do
  kubectl -n "$ns" wait "$i" --for=jsonpath='{.status.completionTime}' --timeout=180s >/dev/null || true
done
kubectl -n "$ns" get workflowinstances -l '!baton.dev/parent'
echo
echo "Outputs of outputs-to-params-1/extract: $(kubectl -n "$ns" get bwfi outputs-to-params-1 -o jsonpath='{.status.steps[0].outputs}')"
echo "Steps of conditional-1: $(kubectl -n "$ns" get bwfi conditional-1 -o jsonpath='{range .status.steps[*]}{.name}={.phase} {end}')"
echo "Iterations of per-region-report-1: $(kubectl -n "$ns" get bwfi per-region-report-1 -o jsonpath='{.status.steps[1].foreach}')"

if [ -n "$real_bash" ]; then
  say "Opening the web console through kubectl port-forward, as the README says"
  # A free local port, printed by port-forward itself; the console is read-only (the chart's default).
  pf_log=$(mktemp)
  kubectl -n baton-system port-forward svc/baton-console :80 >"$pf_log" 2>&1 &
  pf=$!
  wait_for 30 "kubectl port-forward" grep -q '^Forwarding from 127.0.0.1:' "$pf_log" || true
  cport=$(sed -n 's/^Forwarding from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$pf_log" | head -1)
  page=$(curl -fsS -D - "http://127.0.0.1:${cport:-0}/console/" 2>&1 || true)
  listed=$(curl -fsS "http://127.0.0.1:${cport:-0}/console/api/instances?namespace=$ns&limit=100" 2>&1 || true)
  kill "$pf" 2>/dev/null || true
  if ! grep -qi '^content-security-policy:' <<<"$page" || ! grep -q '"matched":' <<<"$listed"; then
    echo "The console did not answer through kubectl port-forward:"; cat "$pf_log"; echo "$page" | head -20; echo "$listed" | head -5
    rm -f "$pf_log"; exit 1
  fi
  rm -f "$pf_log"
  echo "The console, from the operator's pod through port-forward: $(grep -o '"matched":[0-9]*' <<<"$listed" | cut -d: -f2) instances in $ns"
fi

failed=$(kubectl -n "$ns" get bwfi -l '!baton.dev/parent' -o jsonpath='{range .items[*]}{.metadata.name}={.status.phase}{"\n"}{end}' | grep -v '=Succeeded$' || true)
if [ -n "$real_bash" ]; then
  cat <<MSG

The operator runs as pod $(kubectl -n baton-system get pods -l app.kubernetes.io/instance=baton -o jsonpath='{.items[0].metadata.name}') on node real-node,
installed by helm install from the image the build pushed to the local registry ($registry).

real-node-hello-1 ran for real on node real-node (kubelet, containerd, runc on this machine):
  outputs of extract:   $(kubectl -n "$ns" get bwfi real-node-hello-1 -o jsonpath='{.status.steps[?(@.name=="extract")].outputs}')
  outputs of summarize: $(kubectl -n "$ns" get bwfi real-node-hello-1 -o jsonpath='{.status.steps[?(@.name=="summarize")].outputs}')
  kubectl logs of its pods:
$(for p in $(kubectl -n "$ns" get pods -l baton.dev/instance=real-node-hello-1 -o name); do kubectl -n "$ns" logs "$p" | sed "s|^|    ${p#pod/}: |"; done)

The examples' pods are simulated by kwok (they do not select the real node): they are scheduled and
finish, but no container runs (outputs come from the kwok.baton.dev/* annotations).
MSG
else
  cat <<MSG

No real node could start here (see the cluster log above), so every pod on this local cluster is
simulated by kwok: pods are scheduled and finish, but no container runs, so scripts print nothing
(outputs come from the kwok.baton.dev/* annotations). On Linux as root, \`make demo\` adds a real node
(controller-tests/cluster/realnode/); or install Baton into a real cluster (see README).
MSG
fi
cat <<MSG

Look further:
  export KUBECONFIG=$KUBECONFIG
  kubectl -n $ns get bwf,bwfi,jobs,pods
  kubectl -n $ns describe bwfi hello-1        # events: step started/finished
  kubectl -n $ns get bwfi diamond-1 -o yaml   # per-step status, attempts, outputs
  $operator_log
  $console
  make demo-stop / make cluster-down          # uninstall (or stop) the operator / stop the cluster
MSG
if [ -n "$failed" ]; then
  echo "Not all instances succeeded:"; echo "$failed"; exit 1
fi
