package io.retentionplatform.nurture.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

/** The signatures against the Standard Webhooks reference library (com.standardwebhooks), both ways. */
class WebhookSignatureTest {

    private static final String BODY = "{\"type\":\"segment.entered\",\"timestamp\":\"2026-03-01T10:15:30Z\",\"data\":{\"ä\":1}}";

    @Test
    void theHeaderVerifiesWithTheReferenceLibraryForEverySecret() throws Exception {
        String first = WebhookSignature.newSecret();
        String second = WebhookSignature.newSecret();
        long now = System.currentTimeMillis() / 1000;
        String header = WebhookSignature.header(List.of(first, second), "msg_1", now, BODY);
        Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_1"),
                "webhook-timestamp", List.of(Long.toString(now)), "webhook-signature", List.of(header));

        assertThat(header.split(" ")).containsExactly(new Webhook(first).sign("msg_1", now, BODY),
                new Webhook(second).sign("msg_1", now, BODY));
        assertThatCode(() -> new Webhook(first).verify(BODY, headers)).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(second).verify(BODY, headers)).doesNotThrowAnyException();
    }

    @Test
    void verifyAcceptsTheReferenceLibrarysSignatureWithAnyConfiguredSecretOnly() throws Exception {
        String secret = WebhookSignature.newSecret();
        String other = WebhookSignature.newSecret();
        String signed = new Webhook(secret).sign("msg_2", 1_700_000_000L, BODY);

        assertThat(WebhookSignature.verify(List.of(other, secret), "msg_2", 1_700_000_000L, BODY, "v1a,xyz " + signed)).isTrue();
        assertThat(WebhookSignature.verify(List.of(other), "msg_2", 1_700_000_000L, BODY, signed)).isFalse();
        assertThat(WebhookSignature.verify(List.of(secret), "msg_3", 1_700_000_000L, BODY, signed)).isFalse();
        assertThat(WebhookSignature.verify(List.of(secret), "msg_2", 1_700_000_001L, BODY, signed)).isFalse();
        assertThat(WebhookSignature.verify(List.of(secret), "msg_2", 1_700_000_000L, BODY + " ", signed)).isFalse();
        assertThat(WebhookSignature.verify(List.of(secret), "msg_2", 1_700_000_000L, BODY, signed.replace("v1,", "v2,")))
                .isFalse();
        assertThat(WebhookSignature.verify(List.of(), "msg_2", 1_700_000_000L, BODY, signed)).isFalse();
    }

    @Test
    void secretsAreWhsecWithBase64OfEnoughRandomBytes() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_").isNotEqualTo(WebhookSignature.newSecret());
        assertThat(WebhookSignature.isValidSecret(secret)).isTrue();
        assertThat(WebhookSignature.isValidSecret("whsec_c2hvcnQ=")).isFalse();
        assertThat(WebhookSignature.isValidSecret("sk_" + secret.substring(6))).isFalse();
        assertThat(WebhookSignature.isValidSecret("whsec_not base64!")).isFalse();
    }
}
