// Command pause is the real node's pod sandbox process: it holds the pod's namespaces, reaps
// orphaned children (it is PID 1 of the pod when the pod shares its process namespace), and
// exits on SIGINT or SIGTERM. It does what the upstream pause image does, built locally
// because the test cluster has no image registry. Standard library only, built static.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	children := make(chan os.Signal, 1)
	signal.Notify(children, syscall.SIGCHLD)
	for {
		select {
		case <-stop:
			os.Exit(0)
		case <-children:
			for {
				pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
				if pid <= 0 || err != nil {
					break
				}
			}
		}
	}
}
