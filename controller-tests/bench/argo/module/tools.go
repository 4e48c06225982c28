//go:build tools

// Package tools pins the command this module builds.
package tools

import (
	_ "github.com/argoproj/argo-workflows/v4/cmd/workflow-controller"
)
