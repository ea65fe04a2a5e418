package io.retentionplatform.nurture.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/**
 * Resolves an endpoint's host name (blocking; {@link WebhookAddressGuard} calls it off the event loop). A seam, so that
 * the tests can make a name resolve to a private address the second time (DNS rebinding) without a DNS server.
 */
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver (the JDK's, with its cache and {@code /etc/hosts}). */
    @ApplicationScoped
    @DefaultBean
    class System implements HostResolver {

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            return List.of(InetAddress.getAllByName(host));
        }
    }
}
