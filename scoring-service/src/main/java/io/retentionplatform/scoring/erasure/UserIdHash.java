package io.retentionplatform.scoring.erasure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a user id: what scoring keeps of an erased person, so that it can still recognise (and strip) that
 * person's events arriving late, and record that the erasure happened, without keeping the user id itself.
 */
public final class UserIdHash {

    private UserIdHash() {
    }

    public static String of(String userId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
