package dev.baton.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 that forwards bytes to one upstream address (TLS passes through untouched)
 * and can misbehave on request, as a broken network between the operator and the API server would:
 * <ul>
 * <li>{@link Mode#PASS}: forwards everything;</li>
 * <li>{@link Mode#DROP}: resets open connections at random (each one with a chance every tick) and
 * resets half of the new ones at once, so requests and watches break at any point;</li>
 * <li>{@link Mode#STALL}: forwards nothing, in either direction, on open or new connections, until the
 * mode changes; then the held bytes go on. A stall longer than the client's timeouts is what a
 * congested or partitioned network looks like to it: no error, only silence.</li>
 * </ul>
 * Plain blocking sockets, two threads per connection: the operator opens a few dozen at most.
 */
final class TcpProxy implements AutoCloseable {
    enum Mode { PASS, DROP, STALL }

    private static final long DROP_TICK_MS = 250;
    private static final double DROP_OPEN_CHANCE = 0.15;
    private static final double DROP_NEW_CHANCE = 0.5;

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final Random random;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    TcpProxy(InetSocketAddress upstream, long seed) throws IOException {
        this.upstream = upstream;
        this.random = new Random(seed);
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        daemon("proxy-accept", this::acceptLoop).start();
        daemon("proxy-dropper", this::dropLoop).start();
    }

    int port() {
        return server.getLocalPort();
    }

    void mode(Mode next) {
        mode = next;
    }

    /** Connections accepted and connections reset by DROP so far, for the test's report. */
    String counts() {
        return accepted.get() + " connections, " + dropped.get() + " reset";
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                daemon("proxy-connect", () -> connect(client)).start();
            } catch (IOException e) {
                if (!closed) {
                    System.out.println("[proxy] accept failed: " + e);
                }
            }
        }
    }

    private void connect(Socket client) {
        try {
            if (mode == Mode.DROP && chance(DROP_NEW_CHANCE)) {
                reset(client);
                return;
            }
            awaitNoStall(); // a new connection stalls too: the client's TLS handshake hears nothing
            Socket server = new Socket();
            server.connect(upstream, 5_000);
            Connection c = new Connection(client, server);
            connections.add(c);
            daemon("proxy-up", () -> pump(c, client, server)).start();
            daemon("proxy-down", () -> pump(c, server, client)).start();
        } catch (IOException | InterruptedException e) {
            reset(client);
        }
    }

    /** Copies one direction until either side closes; held back while the proxy stalls. */
    private void pump(Connection c, Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitNoStall();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // a reset, or the other pump closed the sockets
        } finally {
            c.close();
            connections.remove(c);
        }
    }

    private void dropLoop() {
        while (!closed) {
            try {
                Thread.sleep(DROP_TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (mode == Mode.DROP) {
                for (Connection c : connections) {
                    if (chance(DROP_OPEN_CHANCE)) {
                        dropped.incrementAndGet();
                        c.reset();
                    }
                }
            }
        }
    }

    private void awaitNoStall() throws InterruptedException {
        while (mode == Mode.STALL && !closed) {
            Thread.sleep(50);
        }
    }

    private synchronized boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // RST instead of FIN: the peer sees "connection reset"
        } catch (SocketException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        connections.forEach(Connection::reset);
    }

    private record Connection(Socket client, Socket server) {
        void reset() {
            TcpProxy.reset(client);
            TcpProxy.reset(server);
        }

        void close() {
            try {
                client.close();
                server.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
