package io.retentionplatform.nurture.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which addresses a webhook may not reach unless the deployment allows it (SSRF, OWASP API7): loopback, link-local
 * (with the cloud metadata address 169.254.169.254), private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade
 * NAT (100.64/10), "this network" (0/8), unspecified, multicast and broadcast. IPv4 inside IPv6 (mapped
 * {@code ::ffff:a.b.c.d}, which Java already turns into IPv4, and NAT64 {@code 64:ff9b::/96}) is judged by its IPv4.
 * Hand-written: the JDK's {@code InetAddress.is...} predicates cover most classes, not CGNAT, 0/8 or fc00::/7.
 */
public final class AddressPolicy {

    private AddressPolicy() {
    }

    /** Why {@code address} is refused (for example "loopback"), or empty when it is a public address. */
    public static Optional<String> refusal(InetAddress address) {
        InetAddress judged = embeddedIpv4(address).orElse(address);
        if (judged.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (judged.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (judged.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (judged.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        if (judged.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        byte[] b = judged.getAddress();
        if (judged instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("carrier-grade NAT");
            }
            if (first == 0) {
                return Optional.of("unspecified");
            }
            if (first == 255 && second == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
                return Optional.of("broadcast");
            }
        } else if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("private");
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b
                && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
        boolean mapped = Arrays.equals(Arrays.copyOfRange(b, 0, 10), new byte[10]) && b[10] == (byte) 0xff
                && b[11] == (byte) 0xff;
        if (!nat64 && !mapped) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
