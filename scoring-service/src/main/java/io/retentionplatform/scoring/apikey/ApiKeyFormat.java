package io.retentionplatform.scoring.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How API keys look, are made and are checked. */
public final class ApiKeyFormat {

    public static final String PREFIX = "rpk_";
    private static final Pattern KEY = Pattern.compile("rpk_([a-z0-9]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** A key split into its id and its secret. */
    public record Parsed(String id, String secret) {
    }

    /** A new key: the text handed to the sender once, and what is stored. */
    public record Issued(String key, String id, String secretHash) {
    }

    private ApiKeyFormat() {
    }

    public static Issued issue() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(PREFIX + id + "_" + secretText, id.toString(), hash(secretText));
    }

    public static Optional<Parsed> parse(String key) {
        if (key == null || key.length() > 80) {
            return Optional.empty();
        }
        Matcher matcher = KEY.matcher(key);
        return matcher.matches() ? Optional.of(new Parsed(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code secret} is the one {@code stored} was made from, in time independent of where they differ. */
    public static boolean matches(String secret, String storedHash) {
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
