package io.retentionplatform.nurture.enrollment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which entering accounts a cadence holds out as its control group: a SHA-256 of cadence and account id mapped to
 * [0, 1), below the cadence's share. Deterministic (the same account is always in or out of one cadence's control
 * group, on every instance and after every restart) and independent between cadences.
 */
public final class Holdout {

    private Holdout() {
    }

    public static boolean heldOut(String cadenceId, String accountId, double share) {
        return share > 0 && position(cadenceId, accountId) < share;
    }

    /** The account's place in [0, 1) for this cadence. */
    static double position(String cadenceId, String accountId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((cadenceId + "\n" + accountId).getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(hash).getLong() >>> 11; // 53 bits: exactly representable in a double
            return bits / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
