// Command coredns is CoreDNS with only the plugins the real node's cluster DNS uses (realnode/network.sh
// writes its Corefile): the kubernetes plugin answers Service and Pod names from the API server, forward
// hands every other name to this machine's resolver. Upstream's default build links every plugin, with
// the SDKs of three clouds; this one builds in a fraction of the time and size.
package main

import (
	// coremain brings the server and its directive order (dnsserver.Directives); of the plugins that order
	// names, only those imported below register, and a Corefile may use only those.
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/ready"
)

func main() {
	coremain.Run()
}
