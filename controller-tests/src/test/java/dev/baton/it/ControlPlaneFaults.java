package dev.baton.it;

import java.time.Duration;
import java.time.Instant;

/**
 * The faults {@link ControlPlaneChaosIT} injects into a running operator's world, one method each. Every
 * method returns when the fault is over (the component is back and ready, the network passes again,
 * the operator is up), so the caller can time the operator's recovery from that moment.
 */
final class ControlPlaneFaults {
    private final LocalControlPlane cluster;
    private final TcpProxy proxy;
    private final OperatorProcess operator;

    ControlPlaneFaults(LocalControlPlane cluster, TcpProxy proxy, OperatorProcess operator) {
        this.cluster = cluster;
        this.proxy = proxy;
        this.operator = operator;
    }

    /** A fault with a name for the report; {@link #inject} returns when it is over. */
    record Fault(String name, Injection injection) {
        Instant inject() throws Exception {
            return injection.run();
        }
    }

    @FunctionalInterface
    interface Injection {
        Instant run() throws Exception;
    }

    /** The proxy resets the operator's connections at random, open and new ones. */
    Fault dropConnections(Duration during) {
        return new Fault("connections dropped at random for " + during.toSeconds() + "s", () -> proxyMode(TcpProxy.Mode.DROP, during));
    }

    /** The proxy forwards nothing: longer than the client's 10 s request and connect timeouts. */
    Fault stallConnections(Duration during) {
        return new Fault("connections stalled for " + during.toSeconds() + "s", () -> proxyMode(TcpProxy.Mode.STALL, during));
    }

    Fault killApiServer(Duration down) {
        return new Fault("kill -9 kube-apiserver, down " + down.toSeconds() + "s", () -> killAndRestart(LocalControlPlane.API_SERVER, down, false));
    }

    Fault killEtcd(Duration down) {
        return new Fault("kill -9 etcd, down " + down.toSeconds() + "s", () -> killAndRestart(LocalControlPlane.ETCD, down, false));
    }

    /** The operator dies while the API server is down, and starts again only once it is back. */
    Fault killApiServerAndOperator(Duration down) {
        return new Fault("kill -9 kube-apiserver and the operator, down " + down.toSeconds() + "s",
                () -> killAndRestart(LocalControlPlane.API_SERVER, down, true));
    }

    Fault killOperator() {
        return new Fault("kill -9 operator", () -> {
            operator.kill();
            operator.start();
            return Instant.now();
        });
    }

    private Instant proxyMode(TcpProxy.Mode mode, Duration during) throws InterruptedException {
        proxy.mode(mode);
        try {
            Thread.sleep(during.toMillis());
        } finally {
            proxy.mode(TcpProxy.Mode.PASS);
        }
        return Instant.now();
    }

    private Instant killAndRestart(String component, Duration down, boolean operatorToo) throws Exception {
        cluster.kill(component);
        if (operatorToo) {
            operator.kill();
        }
        Thread.sleep(down.toMillis());
        cluster.startStopped();
        if (operatorToo) {
            operator.start();
        }
        return Instant.now();
    }
}
