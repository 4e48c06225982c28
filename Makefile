# Baton: the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
MVN ?= mvn -B -q
CLUSTER := controller-tests/cluster
export BATON_KUBECONFIG ?= $(HOME)/.cache/baton/kubeconfig
# This file, for `make help` (read before any include can add to MAKEFILE_LIST).
self := $(lastword $(MAKEFILE_LIST))

.PHONY: build cli bench-cli bench-console crds check-crds cluster-binaries cluster-up cluster-down run demo image image-push image-push-local bench bench-fuzz bench-chaos demo-stop unit-test test realnode-test lint help clean

## build: compile, unit-test-free package of the operator (also regenerates crds/)
build:
	$(MVN) -pl operator -am package -DskipTests

## cli: the kubectl plugin, cli/target/kubectl-baton/: the kubectl-baton launcher and its jars (put that directory on the
## PATH, then `kubectl baton --help`), its AppCDS archive, kubectl-baton.tar.gz and the Krew manifest baton.yaml
cli:
	$(MVN) -pl cli -am package -DskipTests

## bench-cli: start-up of `kubectl-baton lint` and `get` with and without the CDS archive, side by side (RUNS=10;
## get needs the local cluster up: make cluster-up)
bench-cli: cli
	cli/dist/bench.sh

## crds: regenerate crds/ (and the chart's copy) from the Java model
crds: build

## check-crds: fail when crds/ differs from what the Java model generates
check-crds: build
	@git diff --exit-code -- crds/ helm/baton/crds/ || { echo "crds/ is stale: run 'make crds' and commit the result" >&2; exit 1; }
	@test -z "$$(git ls-files --others --exclude-standard crds/ helm/baton/crds/)" || { echo "crds/ has new files: commit them" >&2; exit 1; }

## cluster-binaries: build (or reuse) etcd, kube-apiserver, controller-manager, scheduler, kwok, the JobSet
## controller of ResourceStepIT and Kueue (for KueueIT)
cluster-binaries:
	$(CLUSTER)/build.sh jobset kueue

## cluster-up: start the local kwok cluster on 127.0.0.1 and write $(BATON_KUBECONFIG)
cluster-up:
	$(CLUSTER)/up.sh

## cluster-down: stop the local cluster, leaving no process behind
cluster-down:
	$(CLUSTER)/down.sh

## run: install the CRDs into the current kubeconfig's cluster and run the packaged operator there
run: build
	kubectl apply --server-side -f crds/
	java -Xss8m -jar operator/target/quarkus-app/quarkus-run.jar

## demo: local cluster + operator + example workflows, then their status. With a real node the operator image is
## built, pushed to the local registry and installed with helm install; without one the operator runs as a host JVM
demo:
	$(CLUSTER)/demo.sh

## image: the operator's OCI image, built by Maven (Jib, no Docker) on a base the project makes from Debian
## packages (operator/image/base.sh, cached): operator/target/jib-image.tar, named IMAGE (default
## baton/operator:<version>); prints its size. `docker load -i` or `podman load -i` loads it
image:
	operator/image/image.sh tar $(IMAGE)

## image-push: build the image and push it as IMAGE (e.g. registry.example/baton/operator:0.1.0); INSECURE=true
## for a plain-HTTP registry
image-push:
	@test -n "$(IMAGE)" || { echo "usage: make image-push IMAGE=registry.example/baton/operator:TAG [INSECURE=true]" >&2; exit 1; }
	INSECURE=$(INSECURE) operator/image/image.sh push $(IMAGE)

## image-push-local: build the image and push it to the local cluster's registry (started with its real
## node), as <registry>/baton/operator:dev, which the real node pulls
image-push-local:
	operator/image/image.sh local

## bench: issue 7's benchmarks on the local cluster (SCENARIOS, RUNS, QUICK=1, PROFILE=1; see controller-tests/bench/run.sh); writes bench/results/<date>.json;
## then bench-fuzz and bench-chaos (CHAOS=0 skips the latter)
bench: build cluster-up
	controller-tests/bench/run.sh
	$(MAKE) -f $(self) bench-fuzz
	$(MAKE) -f $(self) bench-cli
	$(MAKE) -f $(self) bench-console
	[ "$${CHAOS:-1}" = 0 ] || $(MAKE) -f $(self) bench-chaos

## bench-console: first paint of the web console's instance page for 200 steps and a 10,000-iteration foreach, and of
## its instance list over 10,000 instances, in headless Chromium (ConsolePaintBench; needs controller-tests/browser/install.sh);
## writes bench/results/<date>-console-instance-page.json and -console-instance-list.json
bench-console: cluster-up
	mvn -B verify -pl controller-tests -am -Dit.test=ConsolePaintBench -Dtest=NONE \
		-Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false

## bench-fuzz: the property tests' long form: TRIES tries each (default 20000, CI runs 500 to 1,500) from a random base seed (SEED=N replays one), no cluster needed
bench-fuzz:
	$(MVN) -pl operator test -Dtest='*PropertiesTest' -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dbaton.tries=$${TRIES:-20000} -Dbaton.seed=$${SEED:-random}

## bench-chaos: the long form of the control-plane chaos test (ControlPlaneChaosIT with BATON_CHAOS=long: 40 instances,
## three rounds of kube-apiserver, etcd, network and operator faults); its short form runs in `make test`
bench-chaos: cluster-up
	BATON_CHAOS=long mvn -B verify -pl controller-tests -am -Dit.test=ControlPlaneChaosIT -Dtest=NONE \
		-Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false

## demo-stop: remove the operator that `make demo` installed (helm uninstall) or started (the fallback's JVM)
demo-stop:
	$(CLUSTER)/demo-stop.sh

## unit-test: engine and model tests, no cluster needed
unit-test:
	$(MVN) -pl operator test

## test: every test; brings the local cluster up first (it stays up for fast reruns), with a real
## node when this machine can run one (BATON_REAL_NODE=auto; true fails without one, false skips it)
## With a real node, the build also pushes the operator image to the local registry for the tests that pull it;
## Kueue's controller manager is built (or reused) for KueueIT
test:
	BATON_REAL_NODE=$${BATON_REAL_NODE:-auto} $(CLUSTER)/up.sh >/dev/null
	$(CLUSTER)/build.sh kueue >/dev/null
	mvn -B verify $$(operator/image/image.sh local-flags)

## realnode-test: the tests whose steps run as real containers: adds a real node (kubelet, containerd,
## runc; Linux, root) to the local cluster and runs the controller tests tagged realnode
realnode-test: build
	BATON_REAL_NODE=true $(CLUSTER)/up.sh >/dev/null
	mvn -B verify -Dgroups=realnode -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false $$(operator/image/image.sh local-flags)

## lint: shellcheck -S warning on every shell script git tracks (*.sh, and sh or bash shebangs)
lint:
	@command -v shellcheck >/dev/null || { echo "make lint needs shellcheck: apt-get install shellcheck" >&2; exit 1; }
	@scripts=(); \
	while IFS= read -r -d '' f; do \
	  [ -f "$$f" ] || continue; \
	  first=$$(head -c 100 -- "$$f" | head -n1 | tr -d '\0'); \
	  if [[ $$f == *.sh ]] || grep -qE '^#! *[^ ]*/(env +)?(ba)?sh( |$$)' <<<"$$first"; then scripts+=("$$f"); fi; \
	done < <(git ls-files -z); \
	shellcheck -S warning "$${scripts[@]}" && echo "shellcheck -S warning: $${#scripts[@]} scripts clean"

## help: list the targets and what each does, from the `## target:` comments above them
help:
	@awk '/^## / { doc[n++] = substr($$0, 4); next } \
	  /^[a-z][a-z-]*:([^=]|$$)/ { t = substr($$0, 1, index($$0, ":") - 1); \
	    first = n ? doc[0] : ""; sub("^" t ": ", "", first); \
	    printf "  %-18s %s\n", t, first; for (i = 1; i < n; i++) printf "  %-18s %s\n", "", doc[i] } \
	  { n = 0 }' $(self)

## clean: delete the Maven build output (target/ directories)
clean:
	$(MVN) clean
