package io.retentionplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.support.testing.JwtTestKeys;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The short version of {@code ./suite attack}: the campaign (a separate process, as the command runs it) against
 * the three services as processes and this gateway, every category, 400 malformed requests instead of 10,000, strict
 * (every refusal with the status due). It must find no unauthorized success, no server error and no changed store,
 * and the rate limits must answer 429.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceProcesses.class, restrictToAnnotatedClass = true)
class AttackCampaignEndToEndTest {

    private static final Pattern FINAL_LINE = Pattern.compile(
            "attack_requests=(\\d+) unauthorized_2xx=(\\d+) server_errors=(\\d+) state_changes=(\\d+)");

    @TestHTTPResource("/")
    URL gateway;

    @ConfigProperty(name = ServiceProcesses.SCORING_URL)
    String scoringUrl;

    @ConfigProperty(name = ServiceProcesses.SEGMENTATION_URL)
    String segmentationUrl;

    @ConfigProperty(name = ServiceProcesses.NURTURE_URL)
    String nurtureUrl;

    @Test
    void aShortCampaignFindsNoHole() throws Exception {
        Path jar = Path.of("..", "local-infrastructure", "target", "local-infrastructure.jar").toAbsolutePath().normalize();
        assertThat(jar).as("built by the reactor before the gateway").exists();
        Path keys = Files.createTempDirectory("attack-keys");
        JwtTestKeys.writePem(keys);
        Path log = Path.of("target", "attack-campaign.log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m"));
        String marker = System.getenv("RETENTION_SUITE_RUN_MARKER");
        if (marker != null && !marker.isBlank()) {
            command.add(marker);
        }
        command.addAll(List.of("-cp", jar.toString(), "io.retentionplatform.infra.attack.AttackCampaign",
                "--gateway=" + gateway.toString().replaceAll("/$", ""), "--scoring=" + scoringUrl,
                "--segmentation=" + segmentationUrl, "--nurture=" + nurtureUrl, "--keys=" + keys,
                "--mongo=" + env("TEST_MONGODB_URI", "mongodb://127.0.0.1:27027") + "/scoring_e2e",
                "--postgres=jdbc:postgresql://" + env("TEST_POSTGRES_HOST_PORT", "127.0.0.1:25432"),
                "--postgres-user=postgres", "--malformed=400", "--settle-seconds=180", "--strict=true"));
        Process campaign = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = campaign.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            campaign.destroyForcibly();
        }
        List<String> output = Files.readAllLines(log);
        String report = String.join("\n", output.subList(Math.max(0, output.size() - 60), output.size()));
        assertThat(finished).as("campaign finished; see " + log).isTrue();
        Matcher last = FINAL_LINE.matcher(output.isEmpty() ? "" : output.get(output.size() - 1));
        assertThat(last.matches()).as("final line of the campaign:\n" + report).isTrue();
        assertThat(Integer.parseInt(last.group(1))).as("requests sent").isGreaterThanOrEqualTo(400);
        assertThat(last.group(2) + " " + last.group(3) + " " + last.group(4))
                .as("unauthorized 2xx, server errors, state changes:\n" + report).isEqualTo("0 0 0");
        assertThat(output).as("an ingest key and an admin flooding got 429 with Retry-After").contains("rate_limit_429=yes");
        assertThat(campaign.exitValue()).isZero();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
