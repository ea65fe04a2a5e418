package io.retentionplatform.support.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A key pair made once per test JVM (nothing secret in the repository), whose public half the service under test
 * verifies tokens with. Register it for a module with {@code @QuarkusTestResource(JwtTestKeys.class)} on any test
 * class; {@link TestTokens} signs with the private half.
 */
public class JwtTestKeys implements QuarkusTestResourceLifecycleManager {

    static final KeyPair KEYS = generate();

    /** The public key as the base64 DER text SmallRye JWT accepts inline ({@code mp.jwt.verify.publickey}). */
    public static String publicKey() {
        return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
    }

    /** The configuration a service process needs to trust {@link TestTokens}, as system properties. */
    public static Map<String, String> serviceConfig() {
        return Map.of("mp.jwt.verify.publickey", publicKey());
    }

    PrivateKey otherKey() {
        return generate().getPrivate();
    }

    /**
     * Writes the pair as {@code jwt-private-key.pem} (PKCS#8) and {@code jwt-public-key.pem} into {@code dir}, the
     * layout of ./suite run's key directory, for tools that mint their own tokens (the attack campaign).
     */
    public static void writePem(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("jwt-private-key.pem"), pem("PRIVATE KEY", KEYS.getPrivate().getEncoded()));
        Files.writeString(dir.resolve("jwt-public-key.pem"), pem("PUBLIC KEY", KEYS.getPublic().getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public Map<String, String> start() {
        return serviceConfig();
    }

    @Override
    public void stop() {
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
