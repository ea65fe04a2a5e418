package io.retentionplatform.nurture.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The SSRF guard: an endpoint URL must be absolute http(s) without credentials, and every address its host resolves
 * to must be public ({@link AddressPolicy}) unless the deployment allows private addresses and the endpoint opted in.
 * Checked at registration, and again before every delivery against a fresh resolution whose address the request then
 * connects to (so a name that resolves to a public address at registration and to a private one later, DNS rebinding,
 * is refused, and cannot change between the check and the connection).
 */
@ApplicationScoped
public class WebhookAddressGuard {

    /**
     * Why a URL or its address is refused; the message names no secret and may be shown to the caller. A host that
     * does not resolve may resolve later ({@link #retryable}); a forbidden address is final.
     */
    public static class Refused extends RuntimeException {

        private final boolean retryable;

        public Refused(String message) {
            this(message, false);
        }

        Refused(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /** The URL, parsed, and the address to connect to. */
    public record Target(URI url, InetAddress address, int port) {
    }

    private final HostResolver resolver;
    private volatile boolean allowPrivateAddresses;

    public WebhookAddressGuard(HostResolver resolver, WebhookConfig config) {
        this.resolver = resolver;
        this.allowPrivateAddresses = config.allowPrivateAddresses();
    }

    public boolean privateAddressesAllowed() {
        return allowPrivateAddresses;
    }

    /** For tests of the refusal where the test profile allows private addresses (the receiver runs on 127.0.0.1). */
    public void allowPrivateAddresses(boolean allow) {
        this.allowPrivateAddresses = allow;
    }

    /** The syntax alone: absolute http or https, a host, no user info. */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new Refused("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry credentials");
        }
        return uri;
    }

    /**
     * Resolves the URL's host (on a worker thread, back on the caller's Vert.x context) and checks every address.
     * Fails with {@link Refused}.
     */
    public Uni<Target> check(String url, boolean endpointAllowsPrivate) {
        URI uri;
        try {
            uri = parse(url);
        } catch (Refused e) {
            return Uni.createFrom().failure(e);
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        boolean privateAllowed = allowPrivateAddresses && endpointAllowsPrivate;
        return VertxContextSupport.executeBlocking(() -> resolve(host)).map(addresses -> {
            if (!privateAllowed) {
                for (InetAddress address : addresses) {
                    Optional<String> refusal = AddressPolicy.refusal(address);
                    if (refusal.isPresent()) {
                        throw new Refused("resolves to a " + refusal.get() + " address (" + address.getHostAddress()
                                + "), which webhooks may not reach");
                    }
                }
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return new Target(uri, addresses.get(0), port);
        });
    }

    private List<InetAddress> resolve(String host) {
        try {
            List<InetAddress> addresses = resolver.resolve(host);
            if (addresses.isEmpty()) {
                throw new Refused("host " + host + " does not resolve", true);
            }
            return addresses;
        } catch (UnknownHostException e) {
            throw new Refused("host " + host + " does not resolve", true);
        }
    }
}
