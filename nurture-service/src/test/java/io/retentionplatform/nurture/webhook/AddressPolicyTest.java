package io.retentionplatform.nurture.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which addresses webhooks may reach (SSRF): a table of address and the reason it is refused, or "public". */
class AddressPolicyTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "127.0.0.1, loopback",
            "127.255.0.9, loopback",
            "::1, loopback",
            "169.254.169.254, link-local",
            "fe80::1, link-local",
            "10.0.0.1, private",
            "172.16.0.1, private",
            "172.31.255.254, private",
            "192.168.1.1, private",
            "fc00::1, private",
            "fd12:3456::1, private",
            "100.64.0.1, carrier-grade NAT",
            "100.127.255.254, carrier-grade NAT",
            "0.0.0.0, unspecified",
            "0.1.2.3, unspecified",
            ":: , unspecified",
            "224.0.0.1, multicast",
            "ff02::1, multicast",
            "255.255.255.255, broadcast",
            "::ffff:10.0.0.1, private",
            "64:ff9b::a9fe:a9fe, link-local",
            "172.32.0.1, public",
            "100.128.0.1, public",
            "8.8.8.8, public",
            "203.0.113.10, public",
            "2001:4860:4860::8888, public",
    })
    void refusal(String address, String expected) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address.trim())).orElse("public")).isEqualTo(expected);
    }
}
