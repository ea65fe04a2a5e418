package io.retentionplatform.infra.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void mintedTokenVerifiesWithThePublicKeyAndCarriesTheClaims() throws Exception {
        LocalTokens.ensureKeys(dir);
        KeyPair pair = LocalTokens.load(dir);

        String token = LocalTokens.mint(pair.getPrivate(), "alice", List.of("manager", "viewer"), NOW, NOW.plus(Duration.ofHours(1)));

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(pair.getPublic());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

        assertThat(decode(parts[0]).toString()).isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        JsonNode claims = decode(parts[1]);
        assertThat(claims.path("iss").asText()).isEqualTo("https://retention-platform.local");
        assertThat(claims.path("aud").asText()).isEqualTo("retention-platform");
        assertThat(claims.path("sub").asText()).isEqualTo("alice");
        assertThat(claims.path("upn").asText()).isEqualTo("alice");
        assertThat(claims.path("groups").isArray()).isTrue();
        assertThat(claims.path("groups")).extracting(JsonNode::asText).containsExactly("manager", "viewer");
        assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 3600);
        assertThat(claims.path("jti").asText()).isNotBlank();
        assertThat(token).doesNotContain("=", "+", "/");
    }

    @Test
    void tokenSignedByAnotherKeyDoesNotVerify() throws Exception {
        LocalTokens.ensureKeys(dir);
        KeyPair trusted = LocalTokens.load(dir);
        String forged = LocalTokens.mint(LocalTokens.generate().getPrivate(), "mallory", List.of("admin"), NOW, NOW.plusSeconds(60));

        String[] parts = forged.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(trusted.getPublic());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isFalse();
    }

    @Test
    void otherIssuerAndAudienceAreWrittenAsGiven() throws Exception {
        LocalTokens.ensureKeys(dir);
        String token = LocalTokens.mint(LocalTokens.load(dir).getPrivate(), "https://evil.example", "someone-else", "bob",
                List.of("viewer"), NOW, NOW.plusSeconds(60));

        JsonNode claims = decode(token.split("\\.")[1]);
        assertThat(claims.path("iss").asText()).isEqualTo("https://evil.example");
        assertThat(claims.path("aud").asText()).isEqualTo("someone-else");
    }

    @Test
    void keysAreWrittenOnceInTheAgreedFormatsAndLeftAloneAfterwards() throws Exception {
        Path keys = dir.resolve("nested/keys");
        assertThat(LocalTokens.ensureKeys(keys)).isTrue();
        String privatePem = Files.readString(keys.resolve("jwt-private-key.pem"));
        String publicPem = Files.readString(keys.resolve("jwt-public-key.pem"));
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("jwt-private-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(((java.security.interfaces.RSAKey) LocalTokens.load(keys).getPublic()).getModulus().bitLength()).isEqualTo(2048);

        assertThat(LocalTokens.ensureKeys(keys)).isFalse();
        assertThat(Files.readString(keys.resolve("jwt-private-key.pem"))).isEqualTo(privatePem);
        assertThat(Files.readString(keys.resolve("jwt-public-key.pem"))).isEqualTo(publicPem);
    }

    @Test
    void missingPublicKeyIsDerivedFromThePrivateOne() throws Exception {
        LocalTokens.ensureKeys(dir);
        String publicPem = Files.readString(dir.resolve("jwt-public-key.pem"));
        Files.delete(dir.resolve("jwt-public-key.pem"));

        assertThat(LocalTokens.ensureKeys(dir)).isTrue();
        assertThat(Files.readString(dir.resolve("jwt-public-key.pem"))).isEqualTo(publicPem);
    }

    @Test
    void aPublicKeyWithoutItsPrivateHalfIsNotReplaced() throws Exception {
        LocalTokens.ensureKeys(dir);
        Files.delete(dir.resolve("jwt-private-key.pem"));

        assertThatThrownBy(() -> LocalTokens.ensureKeys(dir)).hasMessageContaining("exists without");
        assertThatThrownBy(() -> LocalTokens.load(dir)).hasMessageContaining("LocalTokens keys");
    }

    @Test
    void envPrintsTheThreeDemoIdentities() throws Exception {
        LocalTokens.ensureKeys(dir);
        List<String> lines = LocalTokens.envLines(LocalTokens.load(dir).getPrivate(), NOW, Duration.ofHours(2));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("VIEWER_TOKEN=");
        assertThat(lines.get(1)).startsWith("MANAGER_TOKEN=");
        assertThat(lines.get(2)).startsWith("ADMIN_TOKEN=");
        JsonNode admin = decode(lines.get(2).substring("ADMIN_TOKEN=".length()).split("\\.")[1]);
        assertThat(admin.path("sub").asText()).isEqualTo("demo-admin");
        assertThat(admin.path("groups").get(0).asText()).isEqualTo("admin");
        assertThat(admin.path("exp").asLong() - admin.path("iat").asLong()).isEqualTo(7200);
    }

    @Test
    void ttlAndRolesAreChecked() {
        assertThat(LocalTokens.ttl("P7D")).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> LocalTokens.ttl("12h")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> LocalTokens.ttl("-PT1H")).hasMessageContaining("positive");
        assertThat(LocalTokens.roles("viewer, manager")).containsExactly("viewer", "manager");
        assertThatThrownBy(() -> LocalTokens.roles(" , ")).hasMessageContaining("role");
    }

    private static JsonNode decode(String part) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(part));
    }
}
