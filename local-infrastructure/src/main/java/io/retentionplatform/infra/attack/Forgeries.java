package io.retentionplatform.infra.attack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.retentionplatform.infra.security.LocalTokens;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Credentials that look right and are not: an admin token that expired an hour ago, one signed by a key nobody
 * trusts, from another issuer, for another audience, with {@code alg: none}, HMAC-signed with the public key (the
 * classic algorithm confusion), a viewer's token with its payload changed to admin, tokens cut or extended, garbage
 * bearer strings, and API keys that are unknown, carry a known id with a wrong secret, or were revoked. Each one
 * must get 401 on every protected operation.
 */
final class Forgeries {

    /** A forged Authorization header and what it is. */
    record Forgery(String what, Credential credential) {
    }

    private static final Pattern API_KEY = Pattern.compile("rpk_([a-z0-9]{16})_([A-Za-z0-9_-]{43})");
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Forgeries() {
    }

    static List<Forgery> all(PrivateKey trusted, PublicKey trustedPublic, String ingestKey, String revokedKey, Random random) {
        Instant now = Instant.now();
        Instant later = now.plus(Duration.ofMinutes(15));
        List<String> admin = List.of(Role.ADMIN.id());
        List<Forgery> all = new ArrayList<>();
        all.add(jwt("expired admin token (expired 1 h ago)",
                LocalTokens.mint(trusted, "attack-expired", admin, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)))));
        all.add(jwt("admin token signed by an untrusted key",
                LocalTokens.mint(LocalTokens.generate().getPrivate(), "attack-foreign-key", admin, now, later)));
        all.add(jwt("admin token from another issuer",
                LocalTokens.mint(trusted, "https://attacker.example", LocalTokens.AUDIENCE, "attack-issuer", admin, now, later)));
        all.add(jwt("admin token for another audience",
                LocalTokens.mint(trusted, LocalTokens.ISSUER, "another-audience", "attack-audience", admin, now, later)));
        Map<String, Object> adminClaims = LocalTokens.claims(LocalTokens.ISSUER, LocalTokens.AUDIENCE, "attack-none", admin, now, later);
        all.add(jwt("admin token with alg none", LocalTokens.base64Url(LocalTokens.json(LocalTokens.header("none"))) + "."
                + LocalTokens.base64Url(LocalTokens.json(adminClaims)) + "."));
        all.add(jwt("admin token HS256-signed with the public key as secret", hs256(trustedPublic, adminClaims)));
        String viewer = LocalTokens.mint(trusted, "attack-tampered", List.of(Role.VIEWER.id()), now, later);
        String[] parts = viewer.split("\\.");
        Map<String, Object> escalated = LocalTokens.claims(LocalTokens.ISSUER, LocalTokens.AUDIENCE, "attack-tampered", admin, now, later);
        all.add(jwt("viewer token with its payload changed to admin",
                parts[0] + "." + LocalTokens.base64Url(LocalTokens.json(escalated)) + "." + parts[2]));
        String valid = LocalTokens.mint(trusted, "attack-unsigned", admin, now, later);
        all.add(jwt("admin token without its signature", valid.substring(0, valid.lastIndexOf('.') + 1)));
        all.add(jwt("admin token with a changed signature", flipSignatureCharacter(valid)));
        all.add(raw("empty bearer", "Bearer "));
        all.add(raw("scheme without token", "Bearer"));
        all.add(raw("bearer null", "Bearer null"));
        all.add(raw("bearer a.b.c", "Bearer a.b.c"));
        all.add(raw("bearer of 2,000 characters", "Bearer " + "A".repeat(2000)));
        all.add(raw("Basic admin:admin", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8))));
        all.add(raw("a token under an unknown scheme", "Token " + valid));
        String unknownKey = apiKey(random);
        all.add(new Forgery("unknown API key", new Credential.Raw("Bearer " + unknownKey, unknownKey)));
        all.add(new Forgery("unknown API key as Basic user", new Credential.Raw(Credentials.basic(unknownKey), unknownKey)));
        all.add(raw("API key prefix only", "Bearer rpk_"));
        Matcher known = API_KEY.matcher(ingestKey == null ? "" : ingestKey);
        if (known.matches()) {
            String wrongSecret = "rpk_" + known.group(1) + "_" + secret(random);
            all.add(new Forgery("the ingest key's id with a wrong secret", new Credential.Raw("Bearer " + wrongSecret, wrongSecret)));
        }
        if (revokedKey != null && !revokedKey.isBlank()) {
            all.add(new Forgery("revoked API key", new Credential.Raw("Bearer " + revokedKey, revokedKey)));
            all.add(new Forgery("revoked API key as Basic user", new Credential.Raw(Credentials.basic(revokedKey), revokedKey)));
        }
        return all;
    }

    /** A key in the services' format that nobody issued. */
    static String apiKey(Random random) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return "rpk_" + id + "_" + secret(random);
    }

    private static String secret(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return LocalTokens.base64Url(bytes);
    }

    private static Forgery jwt(String what, String token) {
        return new Forgery(what, new Credential.Raw("Bearer " + token, null));
    }

    private static Forgery raw(String what, String header) {
        return new Forgery(what, new Credential.Raw(header, null));
    }

    private static String hs256(PublicKey key, Map<String, Object> claims) {
        String input = LocalTokens.base64Url(LocalTokens.json(LocalTokens.header("HS256"))) + "."
                + LocalTokens.base64Url(LocalTokens.json(claims));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(LocalTokens.publicPem(key).getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return input + "." + LocalTokens.base64Url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * The same token with one character inside its signature changed (still valid base64url). Not the last one: its
     * low bits are padding, which lenient decoders ignore, so changing it may leave the signature as it was.
     */
    static String flipSignatureCharacter(String token) {
        int at = token.length() - 10;
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }
}
