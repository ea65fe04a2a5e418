package io.retentionplatform.infra.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.retentionplatform.infra.security.LocalTokens;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole campaign against stand-in services (their contracts are the fixtures) and an in-memory MongoDB: a secure
 * stand-in gives the zeros and exit 0, a leaky one is caught (unauthorized 2xx, a changed collection, exit 1).
 */
class AttackCampaignTest {

    @TempDir
    Path keys;

    private MongoServer mongo;
    private String mongoUri;
    private MongoClient client;

    @BeforeEach
    void startMongo() {
        mongo = new MongoServer(new MemoryBackend());
        java.net.InetSocketAddress address = mongo.bind();
        mongoUri = "mongodb://127.0.0.1:" + address.getPort() + "/scoring";
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        client.getDatabase("scoring").getCollection("events").insertOne(new Document("_id", "e-1").append("type", "usage.login"));
        client.getDatabase("scoring").getCollection("states").insertOne(new Document("_id", "acme").append("score", 71));
    }

    @AfterEach
    void stopMongo() {
        client.close();
        mongo.shutdownNow();
    }

    @Test
    void aSecureServiceGivesTheZeros() throws Exception {
        LocalTokens.ensureKeys(keys);
        KeyPair pair = LocalTokens.load(keys);
        try (StubServices stub = new StubServices(true, pair.getPublic(), write -> { })) {
            Result result = run(stub, "--malformed=400");

            assertThat(result.code()).as(result.output()).isEqualTo(0);
            List<String> lines = result.output().lines().toList();
            assertThat(lines.get(lines.size() - 1)).matches("attack_requests=\\d+ unauthorized_2xx=0 server_errors=0 state_changes=0");
            long requests = Long.parseLong(lines.get(lines.size() - 1).replaceAll("attack_requests=(\\d+) .*", "$1"));
            assertThat(requests).isGreaterThan(400 + 1000);
            assertThat(lines.get(lines.size() - 2)).startsWith("by_category no-credentials:requests=")
                    .contains("malformed:requests=400,unexpected_2xx=0,server_errors=0");
            assertThat(lines).contains("rate_limit_429=yes");
            assertThat(result.output()).contains("[attack] no-credentials: ", "[attack] expired-token: ", "[attack] ingest-key-elsewhere: ",
                    "[attack] role-escalation: ", "[attack] malformed: 400 requests", "[attack] state: unchanged");
            assertThat(result.output()).doesNotContain("unexpected 2xx: ").doesNotContain("server error: ");
            assertThat(result.output()).contains("0 other status (expected 401)");
        }
    }

    @Test
    void aLeakyServiceIsCaughtWithItsOffendersAndTheChangedStore() throws Exception {
        LocalTokens.ensureKeys(keys);
        KeyPair pair = LocalTokens.load(keys);
        List<String> writes = new ArrayList<>();
        try (StubServices stub = new StubServices(false, pair.getPublic(), write -> {
            synchronized (writes) {
                if (writes.isEmpty()) {
                    client.getDatabase("scoring").getCollection("events").insertOne(new Document("_id", "leaked").append("via", write));
                }
                writes.add(write);
            }
        })) {
            Result result = run(stub, "--malformed=200", "--categories=no-credentials,malformed");

            assertThat(result.code()).isEqualTo(1);
            String last = result.output().lines().reduce((a, b) -> b).orElseThrow();
            assertThat(last).matches("attack_requests=\\d+ unauthorized_2xx=[1-9]\\d* server_errors=0 state_changes=1");
            assertThat(result.output()).containsPattern("unexpected 2xx: (GET|PUT|POST|DELETE) http://127\\.0\\.0\\.1:\\d+/\\S* \\[[^]]+\\] "
                    + "no credentials -> 200 \\{")
                    .containsPattern("unexpected 2xx: POST " + stub.gatewayUrl + "/graphql \\[(query|mutation) \\w+\\] no credentials -> 200")
                    .contains("state: 1 changed: mongo:scoring.events (rows 1 -> 2)");
        }
    }

    @Test
    void settingsComeFromArgumentsThenEnvironmentThenDefaults() {
        AttackSettings settings = AttackSettings.from(new String[] {"--malformed=50", "--nurture=none"},
                Map.of("RETENTION_ATTACK_SEED", "9", "RETENTION_ATTACK_MALFORMED", "7", "RETENTION_ATTACK_CATEGORIES", "malformed,rate-limit"));

        assertThat(settings.malformed()).isEqualTo(50);
        assertThat(settings.seed()).isEqualTo(9);
        assertThat(settings.services()).containsOnlyKeys("gateway", "scoring", "segmentation");
        assertThat(settings.services().get("scoring")).isEqualTo("http://127.0.0.1:8081");
        assertThat(settings.mongo()).isEqualTo("mongodb://127.0.0.1:27017/scoring");
        assertThat(settings.postgres()).isEqualTo("jdbc:postgresql://127.0.0.1:5433");
        assertThat(settings.concurrency()).isEqualTo(8);
        assertThat(settings.categories()).containsExactlyInAnyOrder("malformed", "rate-limit");
        assertThat(PostgresStore.serverUrl("jdbc:postgresql://127.0.0.1:5433/segmentation?ssl=false"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5433");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AttackSettings.from(new String[] {"--malformd=5"}, Map.of()))
                .hasMessageContaining("--malformd");
    }

    private record Result(int code, String output) {
    }

    private Result run(StubServices stub, String... extra) {
        List<String> args = new ArrayList<>(List.of("--gateway=" + stub.gatewayUrl, "--scoring=" + stub.scoringUrl,
                "--segmentation=" + stub.segmentationUrl, "--nurture=none", "--keys=" + keys, "--ingest-key=" + StubServices.INGEST_KEY,
                "--mongo=" + mongoUri, "--postgres=none", "--concurrency=4", "--settle-seconds=5", "--settle-interval-seconds=1",
                "--ingest-rate=0", "--rate-limit-max=600", "--seed=3"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new AttackCampaign(AttackSettings.from(args.toArray(String[]::new), Map.of()), out).run();
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        return new Result(code, output);
    }
}
