package io.retentionplatform.scoring.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Header values of binary-mode CloudEvents, decoded as the HTTP protocol binding 1.0.2, 3.1.3.2 says. */
class CloudEventHeadersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            acme-corp                       | acme-corp
            Euro%20%E2%82%AC%20%F0%9F%98%80 | Euro € 😀
            euro%e2%82%ac                   | euro€
            100%25                          | 100%
            '"quoted \\"value\\""'          | quoted "value"
            '"Euro%20%E2%82%AC"'            | Euro €
            """)
    void valuesAreUnquotedThenPercentDecodedOnce(String header, String attribute) {
        assertThat(CloudEventHeaders.decodeValue(header)).isEqualTo(attribute);
    }

    @Test
    void invalidPercentEncodingOrUtf8IsRefused() {
        assertThatThrownBy(() -> CloudEventHeaders.decodeValue("50%")).hasMessageContaining("two hexadecimal digits");
        assertThatThrownBy(() -> CloudEventHeaders.decodeValue("%G1")).hasMessageContaining("two hexadecimal digits");
        // An overlong encoding of a space: invalid UTF-8, which the binding says MUST be rejected.
        assertThatThrownBy(() -> CloudEventHeaders.decodeValue("%C0%A0")).hasMessageContaining("UTF-8");
    }

    @Test
    void ceHeadersBecomeAttributesWhateverTheirCase() {
        Map<String, List<String>> headers = new TreeMap<>(Map.of(
                "Ce-SpecVersion", List.of("1.0"), "ce-subject", List.of("acme%20corp"), "ce-id", List.of("a", "b"),
                "ce-time", List.of("%ZZ"), "Content-Type", List.of("application/json"), "ce-", List.of("x")));

        CloudEventHeaders.Decoded decoded = CloudEventHeaders.decode(headers);

        assertThat(CloudEventHeaders.isBinaryMode(headers)).isTrue();
        assertThat(decoded.attributes()).containsOnly(Map.entry("specversion", "1.0"), Map.entry("subject", "acme corp"));
        assertThat(decoded.violations()).extracting(FieldViolation::field).containsExactlyInAnyOrder("ce-id", "ce-time");
        assertThat(CloudEventHeaders.isBinaryMode(Map.of("Content-Type", List.of("application/json")))).isFalse();
    }
}
