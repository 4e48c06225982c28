//go:build tools

// Package tools pins the command this module builds: the helm CLI, for `make demo`'s `helm install`
// (the controller tests link Helm in through helm-java instead).
package tools

import _ "helm.sh/helm/v3/cmd/helm"
