package io.retentionplatform.nurture.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/, "Signature scheme"): HMAC-SHA256 over
 * {@code <webhook-id>.<webhook-timestamp>.<body>} keyed with the secret's bytes (the base64 after {@code whsec_}),
 * sent in {@code webhook-signature} as {@code v1,<base64>}, space-separated when several secrets are active (a
 * rotation).
 * <p>
 * Hand-written (a few lines of {@code javax.crypto}) rather than taken from the reference library
 * {@code com.standardwebhooks:standardwebhooks}: its verification reads the system clock, where the tolerance here must
 * follow the service's {@link java.time.Clock}, and it takes a single secret, where inbound secrets rotate. The tests
 * check this class against that library.
 */
public final class WebhookSignature {

    public static final String SECRET_PREFIX = "whsec_";
    /** 32 random bytes: the spec asks for 24 to 64. */
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new secret, {@code whsec_} and the base64 of random bytes. */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** True for {@code whsec_} followed by base64 of 24 to 64 bytes. */
    public static boolean isValidSecret(String secret) {
        try {
            int length = key(secret).length;
            return length >= 24 && length <= 64;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The {@code webhook-signature} header value: one {@code v1,<base64>} per secret, space-separated. */
    public static String header(List<String> secrets, String webhookId, long timestamp, String body) {
        return secrets.stream().map(secret -> "v1," + sign(secret, webhookId, timestamp, body))
                .collect(Collectors.joining(" "));
    }

    /**
     * True when one of the header's {@code v1} signatures was made with one of {@code secrets} over this id,
     * timestamp and body (compared in constant time). Other versions ({@code v1a,...}) are ignored, as the spec says.
     */
    public static boolean verify(List<String> secrets, String webhookId, long timestamp, String body, String header) {
        if (header == null) {
            return false;
        }
        for (String secret : secrets) {
            byte[] expected = sign(secret, webhookId, timestamp, body).getBytes(StandardCharsets.US_ASCII);
            for (String candidate : header.trim().split(" +")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
                        candidate.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
        }
        return false;
    }

    static String sign(String secret, String webhookId, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("A webhook secret starts with " + SECRET_PREFIX);
        }
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }
}
