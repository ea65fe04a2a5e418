package io.retentionplatform.infra.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback between scoring-service and the MongoDB wire server that can be cut: {@link #cut()} closes
 * every open connection and stops listening (new connections are refused), {@link #restore()} listens again on the
 * same port. Plain sockets, two copying threads per connection: scoring-service holds a handful of connections.
 */
final class MongoOutageProxy implements AutoCloseable {

    private final InetSocketAddress upstream;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int port;
    private volatile ServerSocket listener;
    private Thread acceptor;

    MongoOutageProxy(String upstreamHost, int upstreamPort, int port) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.port = port;
        restore();
    }

    int port() {
        return port;
    }

    /** Listens (again) on the proxy's port and relays every new connection. */
    synchronized void restore() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = socket.getLocalPort();
        listener = socket;
        acceptor = new Thread(() -> accept(socket), "mongo-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The outage: new connections are refused, open ones are closed under their users. */
    synchronized void cut() {
        ServerSocket socket = listener;
        listener = null;
        closeQuietly(socket);
        // The socket is closed for good only once the thread blocked in accept() has left it: until then the port is
        // still taken, and restore() could not listen on it again.
        if (acceptor != null) {
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        open.forEach(MongoOutageProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException closed) {
                return;
            }
            Socket server = new Socket();
            try {
                server.connect(upstream, 5_000);
            } catch (IOException down) {
                // The wire server itself is down: the client sees its connection closed, as it would.
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            open.add(client);
            open.add(server);
            if (listener != socket) {
                // cut() ran between accept and here
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            relay(client, server);
            relay(server, client);
        }
    }

    private void relay(Socket from, Socket to) {
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException closed) {
                // either side went away: the other side goes too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "mongo-proxy-relay");
        copier.setDaemon(true);
        copier.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing what is closing anyway
        }
    }
}
