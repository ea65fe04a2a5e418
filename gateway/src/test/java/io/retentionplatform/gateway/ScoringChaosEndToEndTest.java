package io.retentionplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.JwtTestKeys;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The short version of {@code ./suite chaos}: the same campaign (a separate process, as the command runs it) with two
 * of its scenarios, kill -9 of scoring-service mid-ingest and poison records among good ones, 20,000 events each,
 * against the test run's Kafka and MongoDB wire server. The campaign starts scoring-service from its built jar itself
 * (twice: it kills and restarts it), on topics, a consumer group and a database of this run alone, so nothing else
 * on the test servers sees its records. Nothing accepted may be lost or folded in twice, every account's counters must
 * match its stored events, and the dead-letter topic must get the poison and nothing else.
 */
class ScoringChaosEndToEndTest {

    private static final Pattern FINAL_LINE = Pattern.compile(
            "chaos_scenarios=(\\d+) accepted=(\\d+) lost=(\\d+) duplicated=(\\d+) state_mismatches=(\\d+)");

    @Test
    void scoringServiceKilledMidIngestAndPoisonRecordsLoseAndDuplicateNothing() throws Exception {
        Path infrastructureJar = Path.of("..", "local-infrastructure", "target", "local-infrastructure.jar").toAbsolutePath().normalize();
        Path scoringJar = Path.of("..", "scoring-service", "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        assertThat(infrastructureJar).as("built by the reactor before the gateway").exists();
        assertThat(scoringJar).as("built by the reactor before the gateway (./suite test)").exists();
        Path keys = Files.createTempDirectory("chaos-keys");
        JwtTestKeys.writePem(keys);
        Path logs = Path.of("target", "chaos-logs").toAbsolutePath();
        Path log = Path.of("target", "chaos-campaign.log");
        Files.createDirectories(logs);
        String run = "chaos" + Long.toString(System.currentTimeMillis(), 36);
        int[] ports = freePortPairs(2);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-cp", infrastructureJar.toString(), "io.retentionplatform.infra.chaos.ChaosCampaign",
                "--infrastructure=external",
                "--kafka=" + env("TEST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092"),
                "--mongo=" + env("TEST_MONGODB_URI", "mongodb://127.0.0.1:27027"),
                "--database=" + run.replace('-', '_'),
                "--events-topic=" + run + "-engagement-events",
                "--dead-letter-topic=" + run + "-engagement-events-dlq",
                "--group=" + run + "-scoring-service",
                "--scenarios=scoring-kill,poison",
                "--events=20000", "--rate=2500", "--downtime-seconds=1",
                "--scoring-jar=" + scoringJar, "--scoring-port=" + ports[0], "--second-scoring-port=" + ports[1],
                "--jwt-public-key=" + keys.resolve("jwt-public-key.pem"), "--logs=" + logs,
                "--drain-timeout-seconds=300", "--drain-stall-seconds=90", "--settle-seconds=3"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("RETENTION_TOKEN", TestTokens.token("chaos-test", Roles.ADMIN));
        Process campaign = builder.start();
        boolean finished = campaign.waitFor(9, TimeUnit.MINUTES);
        if (!finished) {
            // Its scoring-service processes first: they would outlive it.
            campaign.descendants().forEach(ProcessHandle::destroyForcibly);
            campaign.destroyForcibly();
        }
        List<String> output = Files.readAllLines(log);
        String report = String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
        assertThat(finished).as("campaign finished; see " + log + "\n" + report).isTrue();
        Matcher last = FINAL_LINE.matcher(output.isEmpty() ? "" : output.get(output.size() - 1));
        assertThat(last.matches()).as("final line of the campaign:\n" + report).isTrue();
        assertThat(Integer.parseInt(last.group(1))).isEqualTo(2);
        assertThat(Long.parseLong(last.group(2))).as("events accepted").isEqualTo(40_000);
        assertThat(last.group(3) + " " + last.group(4) + " " + last.group(5))
                .as("lost, duplicated, state mismatches:\n" + report).isEqualTo("0 0 0");
        assertThat(output).as("the poison, and only the poison, dead-lettered:\n" + report)
                .anyMatch(line -> line.startsWith("scenario=poison ") && line.endsWith(" dead_lettered=6"))
                .noneMatch(line -> line.contains("FAILED"));
        assertThat(campaign.exitValue()).as(report).isZero();
    }

    /** Ports p with p + 1000 (the management port) free too, {@code count} of them. */
    private static int[] freePortPairs(int count) {
        int[] ports = new int[count];
        int found = 0;
        while (found < count) {
            int port = freePort();
            if (port + 1000 <= 65535 && isFree(port + 1000)) {
                ports[found++] = port;
            }
        }
        return ports;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
