package io.retentionplatform.infra.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a real echo server on loopback: relays, cuts (open connections closed, new ones refused), restores. */
class MongoOutageProxyTest {

    private ServerSocket echo;
    private MongoOutageProxy proxy;

    @BeforeEach
    void startEchoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket connection = echo.accept();
                    Thread copier = new Thread(() -> {
                        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // the proxy closed it
                        }
                    });
                    copier.setDaemon(true);
                    copier.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = new MongoOutageProxy("127.0.0.1", echo.getLocalPort(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void relaysBothWays() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "hello")).isEqualTo("hello");
            assertThat(roundTrip(client, "again")).isEqualTo("again");
        }
    }

    @Test
    void aCutClosesOpenConnectionsAndRefusesNewOnes() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "before")).isEqualTo("before");
            proxy.cut();
            client.setSoTimeout(5_000);
            // The open connection is closed under its user: end of stream (or a reset).
            int read;
            try {
                client.getOutputStream().write(1);
                read = client.getInputStream().read();
            } catch (IOException reset) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
        }
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
    }

    @Test
    void aRestoreListensAgainOnTheSamePort() throws IOException {
        int port = proxy.port();
        proxy.cut();
        proxy.restore();
        assertThat(proxy.port()).isEqualTo(port);
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "after")).isEqualTo("after");
        }
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    }

    private static String roundTrip(Socket client, String text) throws IOException {
        client.setSoTimeout(5_000);
        client.getOutputStream().write(text.getBytes());
        client.getOutputStream().flush();
        byte[] answer = client.getInputStream().readNBytes(text.length());
        return new String(answer);
    }
}
