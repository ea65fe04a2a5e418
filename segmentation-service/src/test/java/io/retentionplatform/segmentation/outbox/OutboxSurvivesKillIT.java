package io.retentionplatform.segmentation.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.JwtTestKeys;
import io.retentionplatform.support.testing.TestTokens;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox across a real crash: the built service commits an account change while its relay is off,
 * is killed with SIGKILL, and a fresh process publishes the change, once.
 */
class OutboxSurvivesKillIT {

    private static final String KAFKA = env("TEST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092");
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aChangeCommittedBeforeAKillIsPublishedOnceByTheNextProcess() throws Exception {
        KafkaCompanion kafka = new KafkaCompanion(KAFKA);
        ConsumerTask<String, String> changes = kafka.consumeStrings().fromTopics("account-changes");
        String account = "kill-" + UUID.randomUUID().toString().substring(0, 12);

        int port = freePort();
        Process first = start(port, false); // committed, never published
        String body = "{\"name\":\"Kill Test BV\",\"industry\":\"saas\",\"planTier\":\"basic\",\"arr\":1000}";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/accounts/" + account))
                .header("Content-Type", "application/json").header("Authorization", TestTokens.bearer(Roles.MANAGER)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> of(changes, account).isEmpty());

        start(freePort(), true);
        await().atMost(Duration.ofSeconds(60)).until(() -> of(changes, account).size() >= 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> of(changes, account).size() == 1);
        JsonNode message = json.readTree(of(changes, account).get(0).value());
        assertThat(message.path("name").asText()).isEqualTo("Kill Test BV");
        assertThat(message.path("arr").asDouble()).isEqualTo(1000.0);
        changes.close();
        kafka.close();
    }

    private static List<ConsumerRecord<String, String>> of(ConsumerTask<String, String> task, String account) {
        return task.getRecords().stream().filter(r -> account.equals(r.key())).toList();
    }

    private Process start(int port, boolean relay) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run through mvn verify (after package)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dsegmentation.outbox.relay-enabled=" + relay));
        String marker = System.getenv("RETENTION_SUITE_RUN_MARKER");
        if (marker != null && !marker.isBlank()) {
            command.add(marker);
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "outbox-kill-" + port + ".log").toFile());
        int managementPort = freePort();
        builder.environment().put("SEGMENTATION_HTTP_PORT", Integer.toString(port));
        builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
        builder.environment().put("MP_JWT_VERIFY_PUBLICKEY", JwtTestKeys.publicKey());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", KAFKA);
        builder.environment().put("DB_HOST_PORT", env("TEST_POSTGRES_HOST_PORT", "127.0.0.1:25432"));
        Process process = builder.start();
        processes.add(process);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> ready(managementPort));
        return process;
    }

    /** Readiness, on the management port. */
    private static boolean ready(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/health/ready").toURL()
                    .openConnection();
            c.setConnectTimeout(500);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
