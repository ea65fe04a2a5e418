package io.retentionplatform.infra.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bearer tokens for the local suite, made with the JDK alone: the services verify RS256 JWTs against a public key,
 * and locally nobody runs an identity provider, so this class holds the key pair and mints the tokens a frontend, a
 * script or the attack campaign sends. Production tokens come from the real issuer; only the public key file changes.
 *
 * <pre>
 * java -cp local-infrastructure.jar io.retentionplatform.infra.security.LocalTokens keys &lt;dir&gt;
 * java -cp local-infrastructure.jar io.retentionplatform.infra.security.LocalTokens mint &lt;dir&gt; &lt;subject&gt; &lt;roles,...&gt; [PT12H]
 * java -cp local-infrastructure.jar io.retentionplatform.infra.security.LocalTokens env &lt;dir&gt; &lt;ttl&gt;
 * </pre>
 * {@code keys} creates {@value #PRIVATE_KEY_FILE} (PKCS#8, mode 600) and {@value #PUBLIC_KEY_FILE} (X.509
 * SubjectPublicKeyInfo) once and leaves existing ones alone; {@code mint} prints one token; {@code env} prints
 * {@code VIEWER_TOKEN=}, {@code MANAGER_TOKEN=} and {@code ADMIN_TOKEN=} lines for a shell to source.
 */
public final class LocalTokens {

    public static final String ISSUER = "https://retention-platform.local";
    public static final String AUDIENCE = "retention-platform";
    public static final String PRIVATE_KEY_FILE = "jwt-private-key.pem";
    public static final String PUBLIC_KEY_FILE = "jwt-public-key.pem";
    public static final Duration DEFAULT_TTL = Duration.ofHours(12);
    static final int KEY_BITS = 2048;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private LocalTokens() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            System.err.println("[tokens] " + e.getMessage());
            System.err.println("usage: LocalTokens keys <dir> | mint <dir> <subject> <roles,...> [ttl, default PT12H] | env <dir> <ttl>");
            System.exit(2);
        }
    }

    static void run(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("a command and a key directory are required");
        }
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "keys" -> System.out.println(ensureKeys(dir)
                    ? "[tokens] created " + dir.resolve(PRIVATE_KEY_FILE) + " and " + dir.resolve(PUBLIC_KEY_FILE)
                    : "[tokens] key pair already in " + dir);
            case "mint" -> {
                if (args.length < 4) {
                    throw new IllegalArgumentException("mint needs <dir> <subject> <roles,...>");
                }
                Duration ttl = args.length > 4 ? ttl(args[4]) : DEFAULT_TTL;
                Instant now = Instant.now();
                System.out.println(mint(load(dir).getPrivate(), args[2], roles(args[3]), now, now.plus(ttl)));
            }
            case "env" -> {
                Duration ttl = args.length > 2 ? ttl(args[2]) : DEFAULT_TTL;
                envLines(load(dir).getPrivate(), Instant.now(), ttl).forEach(System.out::println);
            }
            default -> throw new IllegalArgumentException("unknown command: " + args[0]);
        }
    }

    /** The three demo identities, one line each, for {@code eval} or an env file. */
    static List<String> envLines(PrivateKey key, Instant now, Duration ttl) {
        return List.of(
                "VIEWER_TOKEN=" + mint(key, "demo-viewer", List.of("viewer"), now, now.plus(ttl)),
                "MANAGER_TOKEN=" + mint(key, "demo-manager", List.of("manager"), now, now.plus(ttl)),
                "ADMIN_TOKEN=" + mint(key, "demo-admin", List.of("admin"), now, now.plus(ttl)));
    }

    /**
     * Creates the key pair in {@code dir} unless it is there; returns whether it created anything. A private key
     * without its public one gets the public one derived from it; a public key alone is an error (its private half is
     * lost, and replacing it would silently invalidate what the services trust).
     */
    public static boolean ensureKeys(Path dir) {
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
        try {
            Files.createDirectories(dir);
            boolean hasPrivate = Files.exists(privateFile);
            boolean hasPublic = Files.exists(publicFile);
            if (hasPrivate && hasPublic) {
                return false;
            }
            if (hasPublic) {
                throw new IllegalStateException(publicFile + " exists without " + privateFile
                        + "; delete it to make a new pair (the services must then be given the new public key)");
            }
            if (hasPrivate) {
                writePublic(publicFile, derivePublic(readPrivate(privateFile)));
                return true;
            }
            KeyPair pair = generate();
            writePrivate(privateFile, pair.getPrivate());
            writePublic(publicFile, pair.getPublic());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key pair in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A fresh 2048-bit RSA key pair (the attack campaign also signs with one the services do not trust). */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available in this JDK", e);
        }
    }

    /** The key pair {@link #ensureKeys} wrote. */
    public static KeyPair load(Path dir) {
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
        if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
            throw new IllegalStateException("no key pair in " + dir + " (run: LocalTokens keys " + dir + ")");
        }
        try {
            return new KeyPair(readPublic(publicFile), readPrivate(privateFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key pair in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A token the services accept: our issuer and audience, {@code groups} = the roles. */
    public static String mint(PrivateKey key, String subject, List<String> roles, Instant issuedAt, Instant expiresAt) {
        return mint(key, ISSUER, AUDIENCE, subject, roles, issuedAt, expiresAt);
    }

    /** As {@link #mint(PrivateKey, String, List, Instant, Instant)} with another issuer or audience (to test rejection). */
    public static String mint(PrivateKey key, String issuer, String audience, String subject, List<String> roles,
            Instant issuedAt, Instant expiresAt) {
        return sign(key, header("RS256"), claims(issuer, audience, subject, roles, issuedAt, expiresAt));
    }

    /** The claims of a token in the order they are written: iss, aud, sub, upn, groups, iat, exp, jti. */
    public static Map<String, Object> claims(String issuer, String audience, String subject, List<String> roles,
            Instant issuedAt, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", List.copyOf(roles));
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /** A JOSE header with this algorithm and {@code typ: JWT}. */
    public static Map<String, Object> header(String alg) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        return header;
    }

    /** header.payload.signature with an RS256 signature over the first two parts, whatever the header claims. */
    public static String sign(PrivateKey key, Map<String, Object> header, Map<String, Object> claims) {
        String signingInput = base64Url(json(header)) + "." + base64Url(json(claims));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + key.getAlgorithm() + ": " + e.getMessage(), e);
        }
    }

    public static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable as JSON: " + value, e);
        }
    }

    public static String base64Url(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }

    /** The PEM text of a public key, as {@link #ensureKeys} writes it. */
    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    static List<String> roles(String commaSeparated) {
        List<String> roles = Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("at least one role is required, e.g. viewer or manager,admin");
        }
        return roles;
    }

    static Duration ttl(String text) {
        try {
            Duration ttl = Duration.parse(text);
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("the ttl must be positive, got " + text);
            }
            return ttl;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the ttl is an ISO-8601 duration such as PT12H or P7D, got " + text, e);
        }
    }

    private static void writePrivate(Path file, PrivateKey key) throws IOException {
        byte[] pem = pem("PRIVATE KEY", key.getEncoded()).getBytes(StandardCharsets.US_ASCII);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system: its own access rules apply
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(file + " appeared while the key pair was being made; run keys again", e);
        }
        Files.write(file, pem);
    }

    private static void writePublic(Path file, PublicKey key) throws IOException {
        Files.writeString(file, publicPem(key), StandardCharsets.US_ASCII);
    }

    private static PrivateKey readPrivate(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(fromPem(Files.readString(file), "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a PKCS#8 RSA private key in PEM: " + e.getMessage(), e);
        }
    }

    private static PublicKey readPublic(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(fromPem(Files.readString(file), "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not an X.509 RSA public key in PEM: " + e.getMessage(), e);
        }
    }

    private static PublicKey derivePublic(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalStateException("the private key does not carry its public exponent; make a new pair");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the public key: " + e.getMessage(), e);
        }
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static byte[] fromPem(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + begin + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
