//go:build tools

// Package tools pins the command this module builds: Kueue's controller manager.
package tools

import (
	_ "sigs.k8s.io/kueue/cmd/kueue"
)
