# Baton: the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
MVN ?= mvn -B -q
CLUSTER := controller-tests/cluster
export BATON_KUBECONFIG ?= $(HOME)/.cache/baton/kubeconfig

.PHONY: bench image demo-stop build crds check-crds run demo test unit-test it cluster-up cluster-down cluster-binaries clean

## build: compile, unit-test-free package of the operator (also regenerates crds/)
build:
	$(MVN) -pl operator -am package -DskipTests

## crds: regenerate crds/ (and the chart's copy) from the Java model
crds: build

## check-crds: fail when crds/ differs from what the Java model generates
check-crds: build
	@git diff --exit-code -- crds/ helm/baton/crds/ || { echo "crds/ is stale: run 'make crds' and commit the result" >&2; exit 1; }
	@test -z "$$(git ls-files --others --exclude-standard crds/ helm/baton/crds/)" || { echo "crds/ has new files: commit them" >&2; exit 1; }

## cluster-binaries: build (or reuse) etcd, kube-apiserver, controller-manager, scheduler, kwok
cluster-binaries:
	$(CLUSTER)/build.sh

## cluster-up: start the local kwok cluster on 127.0.0.1 and write $(BATON_KUBECONFIG)
cluster-up:
	$(CLUSTER)/up.sh

## cluster-down: stop the local cluster, leaving no process behind
cluster-down:
	$(CLUSTER)/down.sh

## run: install the CRDs into the current kubeconfig's cluster and run the packaged operator there
run: build
	kubectl apply --server-side -f crds/
	java -jar operator/target/quarkus-app/quarkus-run.jar

## demo: local cluster + operator + example workflows, then their status
demo:
	$(CLUSTER)/demo.sh

## image: build the operator image (needs a Docker engine)
image: build
	docker build -f operator/src/main/docker/Dockerfile.jvm -t baton/operator:0.1.0-SNAPSHOT operator/

## bench: scale run of a foreach (ITERATIONS, CONCURRENCY) on the local cluster; writes bench/results/
bench: build cluster-up
	controller-tests/bench/foreach-scale.sh $${ITERATIONS:-10000} $${CONCURRENCY:-200}

## demo-stop: stop the operator that `make demo` started
demo-stop:
	-@kill $$(cat $(HOME)/.cache/baton/demo-operator.pid 2>/dev/null) 2>/dev/null; rm -f $(HOME)/.cache/baton/demo-operator.pid

## unit-test: engine and model tests, no cluster needed
unit-test:
	$(MVN) -pl operator test

## test: every test; brings the local cluster up first (it stays up for fast reruns)
test: cluster-up
	mvn -B verify

clean:
	$(MVN) clean
